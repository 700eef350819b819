package io.github.faafo.api.boundary;

import io.github.faafo.api.control.UnknownParentException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A create whose parent names no fractal: 400 naming the field, as any other invalid field. */
@Provider
public class UnknownParentExceptionMapper implements ExceptionMapper<UnknownParentException> {

  @Override
  public Response toResponse(UnknownParentException e) {
    return ErrorBody.response(Response.Status.BAD_REQUEST, e.getMessage(), e.violations());
  }
}
