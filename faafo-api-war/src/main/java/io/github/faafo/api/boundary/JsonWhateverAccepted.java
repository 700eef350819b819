package io.github.faafo.api.boundary;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.util.regex.Pattern;

/**
 * Answers the fractal records in JSON whatever the {@code Accept} header asks for, as the
 * original's flask-restless did: its producer sends {@code Accept: text/plain} on every call. The
 * image and the thumbnail keep their own types.
 */
@Provider
@PreMatching
public class JsonWhateverAccepted implements ContainerRequestFilter {

  private static final Pattern RECORDS = Pattern.compile("/?fractal(/[^/]*)?/?");

  @Override
  public void filter(ContainerRequestContext request) {
    if (RECORDS.matcher(request.getUriInfo().getPath()).matches()) {
      request.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
    }
  }
}
