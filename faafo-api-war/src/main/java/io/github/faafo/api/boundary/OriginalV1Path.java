package io.github.faafo.api.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The final original's path: hands {@code /v1/…} to the same resource under {@code /api/…}, so that
 * its clients work unchanged. The access log, the record cache and the administrator's constraint
 * see the request under {@code /v1} first (web.xml), as they would under {@code /api}.
 */
public class OriginalV1Path extends HttpFilter {

  private static final String PREFIX = "/v1";

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    request
        .getRequestDispatcher("/api" + path.substring(PREFIX.length()))
        .forward(request, response);
  }
}
