package io.github.faafo.api.boundary;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;

/**
 * One line per API request in the form the original's server logged, {@code "POST /api/fractal
 * HTTP/1.1" 201}, so that a person follows the system in one log as before.
 */
@Provider
public class AccessLog implements ContainerResponseFilter {

  private static final Logger LOG = Logger.getLogger("faafo.api");

  @Context HttpServletRequest servletRequest;

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (!LOG.isLoggable(java.util.logging.Level.INFO)) {
      return;
    }
    String query = servletRequest.getQueryString();
    LOG.info(
        servletRequest.getRemoteAddr()
            + " \""
            + request.getMethod()
            + " "
            + servletRequest.getRequestURI()
            + (query == null ? "" : "?" + query)
            + " "
            + servletRequest.getProtocol()
            + "\" "
            + response.getStatus());
  }
}
