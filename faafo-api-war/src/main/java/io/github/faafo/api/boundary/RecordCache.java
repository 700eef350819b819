package io.github.faafo.api.boundary;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The answers of done fractals as the JSON bytes sent, so that reading one again skips JAX-RS, CDI
 * and the database: a done record changes only by an administrator's PUT or DELETE, which evict it
 * on the node that served them; on other nodes a copy lives at most {@code
 * faafo.api.record-cache-seconds}.
 */
@ApplicationScoped
public class RecordCache {

  /** A record's answer: its JSON and the strong entity tag of those bytes. */
  public record Answer(byte[] json, String etag) {

    /** True when an {@code If-None-Match} header names this answer (or is {@code *}). */
    public boolean matches(String ifNoneMatch) {
      if (ifNoneMatch == null) {
        return false;
      }
      for (String tag : ifNoneMatch.split(",")) {
        String t = tag.strip();
        if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
          return true;
        }
      }
      return false;
    }
  }

  @Inject
  @ConfigProperty(name = "faafo.api.record-cache-seconds")
  long seconds;

  @Inject
  @ConfigProperty(name = "faafo.api.record-cache-size")
  long size;

  private Cache<String, Answer> answers;

  @PostConstruct
  void init() {
    answers =
        Caffeine.newBuilder()
            .maximumSize(Math.max(0, size))
            .expireAfterWrite(Duration.ofSeconds(Math.max(0, seconds)))
            .build();
  }

  /** The kept answer for fractal {@code uuid}, or null. */
  public Answer find(String uuid) {
    return answers.getIfPresent(uuid);
  }

  /** The answer for {@code view}, kept when the fractal is done. */
  public Answer answer(FractalView view) {
    byte[] json = JsonbConfiguration.JSONB.toJson(view).getBytes(StandardCharsets.UTF_8);
    Answer answer = new Answer(json, etag(json));
    if ("done".equals(view.status()) && seconds > 0) {
      answers.put(view.uuid(), answer);
    }
    return answer;
  }

  /** Forgets fractal {@code uuid}: it was changed or deleted here. */
  public void evict(String uuid) {
    answers.invalidate(uuid);
  }

  private static String etag(byte[] json) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
