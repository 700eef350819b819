package io.github.faafo.api.boundary;

import io.github.faafo.api.control.DispatchRequests;
import io.github.faafo.api.control.FractalCatalog;
import io.github.faafo.fractal.control.TaskValidator;
import io.github.faafo.fractal.control.Violation;
import io.github.faafo.fractal.entity.Fractal;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** One fractal: read it, update or delete it (administrators), fetch its image or thumbnail. */
@Path("fractal/{uuid}")
@Produces(MediaType.APPLICATION_JSON)
public class FractalResource {

  private static final String PNG = "image/png";

  @Inject FractalCatalog catalog;

  @Inject DispatchRequests dispatchRequests;

  @Inject RequestBodies bodies;

  @Inject RecordCache cache;

  @GET
  @Operation(summary = "Read one fractal")
  @APIResponse(
      responseCode = "200",
      description =
          "the record, with an ETag; Cache-Control no-cache (revalidate with If-None-Match)",
      content = @Content(schema = @Schema(implementation = FractalView.class)))
  @APIResponse(responseCode = "304", description = "If-None-Match names the record as it is")
  @APIResponse(
      responseCode = "404",
      description = "no such fractal (an id that is no lower-case UUID names none)",
      content = @Content(schema = @Schema(implementation = ErrorBody.class)))
  public Response get(@PathParam("uuid") String uuid, @Context HttpHeaders headers) {
    return cache
        .answer(FractalView.of(existing(uuid)))
        .response(headers.getHeaderString(HttpHeaders.IF_NONE_MATCH));
  }

  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Update result fields of a fractal (administrator, HTTP Basic)")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = UpdateFractalCommand.class)))
  @APIResponse(
      responseCode = "200",
      content = @Content(schema = @Schema(implementation = FractalView.class)))
  @APIResponse(
      responseCode = "400",
      description = "invalid body",
      content = @Content(schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(
      responseCode = "401",
      description = "no or wrong administrator credentials",
      content = @Content(schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(
      responseCode = "404",
      description = "no such fractal",
      content = @Content(schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(
      responseCode = "409",
      description =
          "the update would break the record: a checksum or size other than the stored image's,"
              + " or a status change other than pending to failed (cancel) or failed to pending"
              + " (retry)",
      content = @Content(schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(
      responseCode = "415",
      description = "not application/json",
      content = @Content(schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(
      responseCode = "408",
      description = "body not received within faafo.api.body-read-seconds",
      content = @Content(schema = @Schema(implementation = ErrorBody.class)))
  public FractalView update(
      @PathParam("uuid") String uuid,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      InputStream body) {
    checkUuid(uuid);
    JsonRequest json = bodies.read(contentType, body, UpdateFractalCommand.FIELDS);
    UpdateFractalCommand command = UpdateFractalCommand.from(json);
    if (!json.violations().isEmpty()) {
      throw new InvalidRequestException(
          "request has " + json.violations().size() + " invalid field(s)", json.violations());
    }
    if (command.uuid() != null && !command.uuid().equals(uuid)) {
      throw new InvalidRequestException(
          "the body's uuid is not the path's",
          List.of(new Violation("uuid", "must be the fractal's id in the path, " + uuid)));
    }
    FractalCatalog.Update update =
        catalog
            .update(
                uuid,
                command.status(),
                command.checksum(),
                command.duration(),
                command.size(),
                command.generatedBy())
            .orElseThrow(() -> FractalNotFoundException.of(uuid));
    cache.evict(uuid);
    if (update.retried()) {
      dispatchRequests.dispatch(List.of(update.fractal()), update.handedOff());
    }
    return FractalView.of(update.fractal());
  }

  @DELETE
  @Operation(summary = "Delete a fractal and its image (administrator, HTTP Basic)")
  @APIResponse(responseCode = "204", description = "deleted")
  @APIResponse(
      responseCode = "401",
      description = "no or wrong administrator credentials",
      content = @Content(schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(
      responseCode = "404",
      description = "no such fractal",
      content = @Content(schema = @Schema(implementation = ErrorBody.class)))
  public Response delete(@PathParam("uuid") String uuid) {
    checkUuid(uuid);
    boolean deleted = catalog.delete(uuid);
    cache.evict(uuid);
    if (!deleted) {
      throw FractalNotFoundException.of(uuid);
    }
    return Response.noContent().build();
  }

  @GET
  @Path("image")
  @Produces({PNG, MediaType.APPLICATION_JSON})
  @Operation(summary = "The PNG, as the worker encoded it")
  @APIResponse(responseCode = "200", content = @Content(mediaType = PNG))
  @APIResponse(
      responseCode = "404",
      description = "no such fractal, or not rendered yet",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ErrorBody.class)))
  public Response image(@PathParam("uuid") String uuid) {
    return png(uuid, catalog::png);
  }

  @GET
  @Path("thumbnail")
  @Produces({PNG, MediaType.APPLICATION_JSON})
  @Operation(summary = "A small PNG (longest edge faafo.worker.thumbnail-size) for galleries")
  @APIResponse(responseCode = "200", content = @Content(mediaType = PNG))
  @APIResponse(
      responseCode = "404",
      description = "no such fractal, or not rendered yet",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ErrorBody.class)))
  public Response thumbnail(@PathParam("uuid") String uuid) {
    return png(uuid, catalog::thumbnail);
  }

  /** Serves stored PNG bytes as they are: rendered once, never re-encoded, cacheable forever. */
  private Response png(String uuid, Function<String, Optional<byte[]>> source) {
    Fractal fractal = existing(uuid);
    byte[] bytes =
        source
            .apply(uuid)
            .orElseThrow(
                () ->
                    new FractalNotFoundException(
                        "fractal "
                            + uuid
                            + " has no image yet (status "
                            + fractal.getStatus().label()
                            + ")"));
    CacheControl cache = new CacheControl();
    cache.setMaxAge(31_536_000);
    return Response.ok(bytes, PNG)
        .cacheControl(cache)
        .tag(new EntityTag(fractal.getChecksum() == null ? uuid : fractal.getChecksum()))
        .build();
  }

  private Fractal existing(String uuid) {
    checkUuid(uuid);
    return catalog.find(uuid).orElseThrow(() -> FractalNotFoundException.of(uuid));
  }

  /** An id that is no lower-case UUID names no fractal: 404, as the original answered. */
  private static void checkUuid(String uuid) {
    if (!TaskValidator.isCanonicalUuid(uuid)) {
      throw new FractalNotFoundException("no fractal " + uuid + " (ids are lower-case UUIDs)");
    }
  }
}
