package io.github.faafo.api.boundary;

import io.github.faafo.fractal.control.Violation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The one JSON shape of every error the API returns. */
@Schema(
    description =
        "Every error: the HTTP status and its reason, a message, and the fields that are wrong"
            + " (field may be null for the whole body).")
public record ErrorBody(int status, String error, String message, List<Violation> violations) {

  /** A response with this body and status. */
  public static Response response(Response.StatusType status, String message) {
    return response(status, message, List.of());
  }

  /** A response with this body, status and field violations. */
  public static Response response(
      Response.StatusType status, String message, List<Violation> violations) {
    return Response.status(status.getStatusCode())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(
            new ErrorBody(status.getStatusCode(), status.getReasonPhrase(), message, violations))
        .build();
  }
}
