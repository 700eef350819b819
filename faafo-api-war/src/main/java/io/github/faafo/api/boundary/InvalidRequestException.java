package io.github.faafo.api.boundary;

import io.github.faafo.fractal.control.Violation;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** A request the API refuses, with the status and the fields that are wrong. */
public class InvalidRequestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Response.Status status;
  private final transient List<Violation> violations;

  public InvalidRequestException(String message, List<Violation> violations) {
    this(Response.Status.BAD_REQUEST, message, violations);
  }

  public InvalidRequestException(
      Response.Status status, String message, List<Violation> violations) {
    super(message);
    this.status = status;
    this.violations = List.copyOf(violations);
  }

  public Response.Status status() {
    return status;
  }

  public List<Violation> violations() {
    return violations;
  }
}
