package io.github.faafo.api.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One line per API request in the form the original's server logged, {@code "POST /api/fractal
 * HTTP/1.1" 201}, so that a person follows the system in one log as before; a servlet filter, so
 * that it sees the answers {@link RecordCacheFilter} gives without JAX-RS too.
 */
public class AccessLog extends HttpFilter {

  private static final Logger LOG = Logger.getLogger("faafo.api");

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    try {
      chain.doFilter(request, response);
    } finally {
      if (LOG.isLoggable(Level.INFO)) {
        String query = request.getQueryString();
        LOG.info(
            request.getRemoteAddr()
                + " \""
                + request.getMethod()
                + " "
                + request.getRequestURI()
                + (query == null ? "" : "?" + query)
                + " "
                + request.getProtocol()
                + "\" "
                + response.getStatus());
      }
    }
  }
}
