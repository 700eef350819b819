package io.github.faafo.api.boundary;

import io.github.faafo.api.control.BacklogFullException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/** Too many fractals wait for rendering: 503 with {@code Retry-After}, nothing stored. */
@Provider
public class BacklogFullExceptionMapper implements ExceptionMapper<BacklogFullException> {

  /** Seconds a client is asked to wait: about one wake-up of the default producer. */
  static final int RETRY_AFTER_SECONDS = 10;

  @Override
  public Response toResponse(BacklogFullException e) {
    return Response.fromResponse(
            ErrorBody.response(Response.Status.SERVICE_UNAVAILABLE, e.getMessage(), List.of()))
        .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
        .build();
  }
}
