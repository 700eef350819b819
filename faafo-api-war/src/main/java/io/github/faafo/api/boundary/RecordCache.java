package io.github.faafo.api.boundary;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The API's answers kept as the JSON bytes sent, so that asking again skips JAX-RS, CDI and the
 * database: done fractals for {@code faafo.api.record-cache-seconds} (they change only by an
 * administrator's PUT or DELETE, which evict them on the node that served them), and list pages for
 * {@code faafo.api.page-cache-millis} (any create, PUT or DELETE through this node drops them all;
 * what other nodes, the workers' results and the retention policy change shows when they expire).
 */
@ApplicationScoped
public class RecordCache {

  /** Every kept answer may be stored by clients, and is checked with the server before each use. */
  private static final String REVALIDATE = "no-cache";

  /** List pages kept at most: the gallery asks for one, a client paging through for a few. */
  private static final int PAGES = 256;

  /** An answer: its JSON, the strong entity tag of those bytes and its Link headers. */
  public record Answer(byte[] json, String etag, List<String> links) {

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

    /** This answer as JAX-RS sends it: 304 when the client holds these bytes already. */
    public Response response(String ifNoneMatch) {
      Response.ResponseBuilder builder =
          matches(ifNoneMatch)
              ? Response.notModified()
              : Response.ok(json, MediaType.APPLICATION_JSON);
      links.forEach(link -> builder.header(HttpHeaders.LINK, link));
      return builder
          .header(HttpHeaders.ETAG, etag)
          .header(HttpHeaders.CACHE_CONTROL, REVALIDATE)
          .build();
    }

    /**
     * This answer written to the servlet response, as {@link RecordCacheFilter} sends it before
     * JAX-RS sees the request: the same headers, 304 when the client holds these bytes already, and
     * no body for HEAD.
     */
    public void send(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setHeader(HttpHeaders.ETAG, etag);
      response.setHeader(HttpHeaders.CACHE_CONTROL, REVALIDATE);
      links.forEach(link -> response.addHeader(HttpHeaders.LINK, link));
      if (matches(request.getHeader(HttpHeaders.IF_NONE_MATCH))) {
        response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
        return;
      }
      response.setContentType(MediaType.APPLICATION_JSON);
      response.setContentLength(json.length);
      if (request.getMethod().equals("GET")) {
        response.getOutputStream().write(json);
      }
    }
  }

  @Inject
  @ConfigProperty(name = "faafo.api.record-cache-seconds")
  long seconds;

  @Inject
  @ConfigProperty(name = "faafo.api.record-cache-size")
  long size;

  @Inject
  @ConfigProperty(name = "faafo.api.page-cache-millis")
  long pageMillis;

  private Cache<String, Answer> answers;

  private Cache<String, Answer> pages;

  /** Changes made through this node's API: a page read before one is not kept. */
  private final AtomicLong changes = new AtomicLong();

  @PostConstruct
  void init() {
    answers =
        Caffeine.newBuilder()
            .maximumSize(Math.max(0, size))
            .expireAfterWrite(Duration.ofSeconds(Math.max(0, seconds)))
            .build();
    pages =
        Caffeine.newBuilder()
            .maximumSize(PAGES)
            .expireAfterWrite(Duration.ofMillis(Math.max(0, pageMillis)))
            .build();
  }

  /** The kept answer for fractal {@code uuid}, or null. */
  public Answer find(String uuid) {
    return answers.getIfPresent(uuid);
  }

  /** The answer for {@code view}, kept when the fractal is done. */
  public Answer answer(FractalView view) {
    byte[] json = JsonbConfiguration.JSONB.toJson(view).getBytes(StandardCharsets.UTF_8);
    Answer answer = new Answer(json, etag(json), List.of());
    if ("done".equals(view.status()) && seconds > 0) {
      answers.put(view.uuid(), answer);
    }
    return answer;
  }

  /** The kept list page for {@code request}, or null. */
  public Answer findPage(HttpServletRequest request) {
    return pages.getIfPresent(pageKey(request));
  }

  /** How many changes this node's API has made: read it before the page's query. */
  public long changes() {
    return changes.get();
  }

  /**
   * The answer for a list page, kept unless this node's API changed a fractal since {@code
   * changesBefore} (the page may not show that change).
   */
  public Answer page(
      HttpServletRequest request, long changesBefore, FractalPage page, List<String> links) {
    byte[] json = JsonbConfiguration.JSONB.toJson(page).getBytes(StandardCharsets.UTF_8);
    Answer answer = new Answer(json, etag(json), List.copyOf(links));
    if (pageMillis > 0 && changes.get() == changesBefore) {
      String key = pageKey(request);
      pages.put(key, answer);
      if (changes.get() != changesBefore) {
        pages.invalidate(key);
      }
    }
    return answer;
  }

  /** Forgets fractal {@code uuid} and every list page: it was changed or deleted here. */
  public void evict(String uuid) {
    answers.invalidate(uuid);
    changed();
  }

  /** Forgets every list page: fractals were created, changed or deleted here. */
  public void changed() {
    changes.incrementAndGet();
    pages.invalidateAll();
  }

  /** A page is kept per full request URL: its Link headers name this host and its query. */
  private static String pageKey(HttpServletRequest request) {
    String query = request.getQueryString();
    return query == null
        ? request.getRequestURL().toString()
        : request.getRequestURL() + "?" + query;
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
