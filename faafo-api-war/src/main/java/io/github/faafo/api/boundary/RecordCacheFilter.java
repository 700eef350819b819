package io.github.faafo.api.boundary;

import io.github.faafo.fractal.control.TaskValidator;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * Answers {@code GET /api/fractal/{uuid}} of a done fractal and a kept list page {@code GET
 * /api/fractal?page=…} (and the same under {@code /v1}) from {@link RecordCache} before JAX-RS sees
 * the request (304 when the client holds the same bytes); anything else passes on.
 */
public class RecordCacheFilter extends HttpFilter {

  /** The collection under the API's path and the final original's ({@link OriginalV1Path}). */
  private static final List<String> LISTS = List.of("/api/fractal", "/v1/fractal");

  @Inject RecordCache cache;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    RecordCache.Answer answer = cached(request);
    if (answer == null) {
      chain.doFilter(request, response);
      return;
    }
    answer.send(request, response);
  }

  private RecordCache.Answer cached(HttpServletRequest request) {
    String method = request.getMethod();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return null;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    for (String list : LISTS) {
      if (path.equals(list)) {
        return request.getParameter("q") == null ? cache.findPage(request) : null;
      }
      if (path.startsWith(list + "/")) {
        String uuid = path.substring(list.length() + 1);
        return TaskValidator.isCanonicalUuid(uuid) ? cache.find(uuid) : null;
      }
    }
    return null;
  }
}
