package io.github.faafo.api.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one place that knows the limits of a request body ({@code faafo.api.max-body-bytes}, {@code
 * faafo.api.body-read-seconds}, {@code faafo.api.max-batch}); the resources read their bodies
 * through it.
 */
@ApplicationScoped
public class RequestBodies {

  @Inject
  @ConfigProperty(name = "faafo.api.max-body-bytes")
  int maxBytes;

  @Inject
  @ConfigProperty(name = "faafo.api.body-read-seconds")
  long readSeconds;

  @Inject
  @ConfigProperty(name = "faafo.api.max-batch")
  int maxBatch;

  /** Reads {@code body} as a JSON object with only {@code allowed} fields, within the limits. */
  public JsonRequest read(String contentType, InputStream body, Set<String> allowed) {
    return JsonRequest.read(contentType, body, maxBytes, Duration.ofSeconds(readSeconds), allowed);
  }

  /**
   * Reads {@code body} as one JSON object or a batch, an array of at most {@code
   * faafo.api.max-batch} of them, within the limits.
   */
  public JsonRequest.OneOrMany readOneOrMany(
      String contentType, InputStream body, Set<String> allowed) {
    return JsonRequest.readOneOrMany(
        contentType, body, maxBytes, Duration.ofSeconds(readSeconds), allowed, maxBatch);
  }
}
