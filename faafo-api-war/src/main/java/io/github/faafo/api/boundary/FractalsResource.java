package io.github.faafo.api.boundary;

import io.github.faafo.api.control.DispatchRequests;
import io.github.faafo.api.control.FractalCatalog;
import io.github.faafo.fractal.control.TaskLimits;
import io.github.faafo.fractal.control.TaskValidator;
import io.github.faafo.fractal.control.Violation;
import io.github.faafo.fractal.entity.Fractal;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The fractal collection: create a fractal (it gets rendered), and list them page by page. */
@Path("fractal")
@Produces(MediaType.APPLICATION_JSON)
public class FractalsResource {

  @Inject FractalCatalog catalog;

  @Inject DispatchRequests dispatchRequests;

  @Inject Config config;

  @Inject
  @ConfigProperty(name = "faafo.api.page-size")
  int defaultPageSize;

  @Inject
  @ConfigProperty(name = "faafo.api.max-page-size")
  int maxPageSize;

  @Inject RequestBodies bodies;

  @Context UriInfo uriInfo;

  private TaskValidator validator;

  @PostConstruct
  void init() {
    validator = new TaskValidator(TaskLimits.from(config));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create a fractal; it is rendered within moments")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = CreateFractalCommand.class)))
  @APIResponse(
      responseCode = "201",
      description = "created, pending",
      content = @Content(schema = @Schema(implementation = FractalView.class)))
  @APIResponse(
      responseCode = "400",
      description = "invalid body, named per field",
      content = @Content(schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(
      responseCode = "408",
      description = "body not received within faafo.api.body-read-seconds",
      content = @Content(schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(
      responseCode = "413",
      description = "body larger than faafo.api.max-body-bytes",
      content = @Content(schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(
      responseCode = "415",
      description = "not application/json",
      content = @Content(schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(
      responseCode = "503",
      description = "database unreachable",
      content = @Content(schema = @Schema(implementation = ErrorBody.class)))
  public Response create(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
    JsonRequest json = bodies.read(contentType, body, CreateFractalCommand.FIELDS);
    CreateFractalCommand command = CreateFractalCommand.from(json);
    List<Violation> violations = new ArrayList<>(json.violations());
    if (violations.isEmpty()) {
      violations.addAll(validator.validate(command));
    }
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(
          "request has " + violations.size() + " invalid field(s)", violations);
    }
    Fractal fractal = catalog.create(command);
    dispatchRequests.request(fractal.getUuid());
    return Response.created(uriInfo.getAbsolutePathBuilder().path(fractal.getUuid()).build())
        .entity(FractalView.of(fractal))
        .build();
  }

  @GET
  @Operation(summary = "List fractals, newest first, a page at a time")
  @APIResponse(
      responseCode = "200",
      content = @Content(schema = @Schema(implementation = FractalPage.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "page or results_per_page not a positive integer (at most faafo.api.max-page-size)",
      content = @Content(schema = @Schema(implementation = ErrorBody.class)))
  public FractalPage list(
      @Parameter(description = "1-based page, default 1") @QueryParam("page") String pageParam,
      @Parameter(description = "page size, default faafo.api.page-size (10)")
          @QueryParam("results_per_page")
          String sizeParam) {
    List<Violation> violations = new ArrayList<>();
    int page = positive("page", pageParam, 1, Integer.MAX_VALUE, violations);
    int size = positive("results_per_page", sizeParam, defaultPageSize, maxPageSize, violations);
    if (!violations.isEmpty()) {
      throw new InvalidRequestException("invalid paging parameters", violations);
    }
    long total = catalog.count();
    int totalPages = (int) ((total + size - 1) / size);
    List<FractalView> objects =
        (long) (page - 1) * size >= total
            ? List.of()
            : catalog.list(page, size).stream().map(FractalView::of).toList();
    return new FractalPage(objects, total, page, totalPages);
  }

  private static int positive(
      String name, String value, int fallback, int max, List<Violation> violations) {
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= 1 && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    violations.add(new Violation(name, "must be an integer between 1 and " + max));
    return fallback;
  }
}
