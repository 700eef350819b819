package io.github.faafo.api.boundary;

import io.github.faafo.api.control.ConflictException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A request that conflicts with a fractal's stored state: 409 naming the fields. */
@Provider
public class ConflictExceptionMapper implements ExceptionMapper<ConflictException> {

  @Override
  public Response toResponse(ConflictException e) {
    return ErrorBody.response(Response.Status.CONFLICT, e.getMessage(), e.violations());
  }
}
