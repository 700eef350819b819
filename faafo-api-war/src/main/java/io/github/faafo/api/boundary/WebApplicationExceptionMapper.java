package io.github.faafo.api.boundary;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * What Jakarta REST itself refuses (unknown path, wrong method, unsupported media type, ...): the
 * same status and headers, with our JSON error body instead of an HTML page.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

  @Override
  public Response toResponse(WebApplicationException e) {
    Response original = e.getResponse();
    Response json = ErrorBody.response(original.getStatusInfo(), message(e));
    Response.ResponseBuilder builder = Response.fromResponse(json);
    original
        .getStringHeaders()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Content-Type")
                  && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> builder.header(name, value));
              }
            });
    return builder.build();
  }

  private static String message(WebApplicationException e) {
    String message = e.getMessage();
    return message == null || message.isBlank()
        ? e.getResponse().getStatusInfo().getReasonPhrase()
        : message;
  }
}
