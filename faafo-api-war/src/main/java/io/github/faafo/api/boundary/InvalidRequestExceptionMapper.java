package io.github.faafo.api.boundary;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A refused request: its status (400 or 413) and the fields that are wrong. */
@Provider
public class InvalidRequestExceptionMapper implements ExceptionMapper<InvalidRequestException> {

  @Override
  public Response toResponse(InvalidRequestException e) {
    return ErrorBody.response(e.status(), e.getMessage(), e.violations());
  }
}
