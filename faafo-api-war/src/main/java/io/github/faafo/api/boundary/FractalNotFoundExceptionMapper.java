package io.github.faafo.api.boundary;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** An unknown fractal, or one without an image yet: 404. */
@Provider
public class FractalNotFoundExceptionMapper implements ExceptionMapper<FractalNotFoundException> {

  @Override
  public Response toResponse(FractalNotFoundException e) {
    return ErrorBody.response(Response.Status.NOT_FOUND, e.getMessage());
  }
}
