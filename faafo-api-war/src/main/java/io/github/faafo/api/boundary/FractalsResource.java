package io.github.faafo.api.boundary;

import io.github.faafo.api.control.DispatchRequests;
import io.github.faafo.api.control.FractalCatalog;
import io.github.faafo.api.control.FractalSearch;
import io.github.faafo.failure.CauseChain;
import io.github.faafo.fractal.control.TaskLimits;
import io.github.faafo.fractal.control.TaskValidator;
import io.github.faafo.fractal.control.Violation;
import io.github.faafo.fractal.entity.Fractal;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJBException;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Link;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransactionRollbackException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
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

  @Inject RecordCache cache;

  @Context UriInfo uriInfo;

  @Context HttpServletRequest request;

  private TaskValidator validator;

  @PostConstruct
  void init() {
    validator = new TaskValidator(TaskLimits.from(config));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Create a fractal, or a batch of them (a JSON array of up to faafo.api.max-batch);"
              + " each is rendered within moments")
  @RequestBody(
      required = true,
      description =
          "one object, or an array of them: a batch is created in one transaction, all or"
              + " nothing, and answered with the array of records in the same order",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(ref = CreateFractalSchema.NAME)))
  @APIResponse(
      responseCode = "201",
      description = "created, pending (a batch: at least one of its fractals is new)",
      content = @Content(schema = @Schema(implementation = FractalView.class)))
  @APIResponse(
      responseCode = "200",
      description =
          "the same uuid and parameters were posted before: that fractal, unchanged (a batch:"
              + " every item was)",
      content = @Content(schema = @Schema(implementation = FractalView.class)))
  @APIResponse(
      responseCode = "409",
      description = "a uuid names a fractal with other parameters (a batch: nothing is created)",
      content = @Content(schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(
      responseCode = "400",
      description =
          "invalid body, named per field ([i].field in a batch; nothing is created), a parent"
              + " that names no fractal, or a batch empty or larger than faafo.api.max-batch",
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
      description =
          "database unreachable, or faafo.task.max-pending fractals wait for rendering (then with"
              + " Retry-After); nothing is stored",
      content = @Content(schema = @Schema(implementation = ErrorBody.class)))
  public Response create(
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
    JsonRequest.OneOrMany read =
        bodies.readOneOrMany(contentType, body, CreateFractalCommand.FIELDS);
    List<FractalCatalog.NewFractal> wanted = new ArrayList<>();
    List<Violation> violations = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < read.items().size(); i++) {
      JsonRequest json = read.items().get(i);
      String item = read.array() ? "[" + i + "]." : "";
      CreateFractalCommand command = CreateFractalCommand.from(json);
      List<Violation> found = new ArrayList<>(json.violations());
      if (command.uuid() != null && !TaskValidator.isCanonicalUuid(command.uuid())) {
        found.add(new Violation(item + "uuid", "must be a lower-case UUID"));
      } else if (command.uuid() != null && !ids.add(command.uuid())) {
        found.add(new Violation(item + "uuid", "is given to an earlier item of the batch"));
      }
      if (command.parent() != null && !TaskValidator.isCanonicalUuid(command.parent())) {
        found.add(new Violation(item + "parent", "must be a fractal's uuid (a lower-case UUID)"));
      }
      if (found.isEmpty()) {
        validator.validate(command.parameters()).stream()
            .map(v -> new Violation(item + v.field(), v.message()))
            .forEach(found::add);
      }
      violations.addAll(found);
      wanted.add(
          new FractalCatalog.NewFractal(command.uuid(), command.parameters(), command.parent()));
    }
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(
          "request has " + violations.size() + " invalid field(s)", violations);
    }
    List<FractalCatalog.Creation> creations = createOnce(wanted, read.array());
    List<Fractal> created =
        creations.stream()
            .filter(FractalCatalog.Creation::created)
            .map(FractalCatalog.Creation::fractal)
            .toList();
    if (!created.isEmpty()) {
      cache.changed();
      dispatchRequests.dispatch(
          created, creations.stream().anyMatch(FractalCatalog.Creation::handedOff));
    }
    if (read.array()) {
      List<FractalView> views = creations.stream().map(c -> FractalView.of(c.fractal())).toList();
      return Response.status(created.isEmpty() ? Response.Status.OK : Response.Status.CREATED)
          .entity(views)
          .build();
    }
    Fractal fractal = creations.get(0).fractal();
    if (created.isEmpty()) {
      return Response.ok(FractalView.of(fractal)).build();
    }
    return Response.created(uriInfo.getAbsolutePathBuilder().path(fractal.getUuid()).build())
        .entity(FractalView.of(fractal))
        .build();
  }

  /**
   * Creates the fractals; tries once more when a concurrent request stored one of the same client
   * ids first (the database's unique key refused this transaction: the answer is then that
   * request's record, 200, or a conflict, 409), or when the database chose this transaction as the
   * victim of a deadlock. Never an error for either.
   */
  private List<FractalCatalog.Creation> createOnce(
      List<FractalCatalog.NewFractal> wanted, boolean batch) {
    try {
      return catalog.createAll(wanted, batch);
    } catch (EJBException e) {
      boolean raced =
          wanted.stream().anyMatch(w -> w.uuid() != null)
              && causedBy(e, SQLIntegrityConstraintViolationException.class);
      if (!raced && !causedBy(e, SQLTransactionRollbackException.class)) {
        throw e;
      }
      return catalog.createAll(wanted, batch);
    }
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    return CauseChain.any(e, type::isInstance);
  }

  @GET
  @Operation(
      summary =
          "List fractals, newest first, a page at a time; or search them with q, as"
              + " flask-restless did")
  @APIResponse(
      responseCode = "200",
      description =
          "a page (objects, num_results, page, total_pages) with a Link header (rel next, last);"
              + " without q, with an ETag and Cache-Control no-cache, and as much as"
              + " faafo.api.page-cache-millis old (a create, PUT or DELETE through this node shows"
              + " at once); with q {\"single\": true}, the one fractal found",
      content = @Content(schema = @Schema(implementation = FractalPage.class)))
  @APIResponse(
      responseCode = "304",
      description = "without q: If-None-Match names the page as it is")
  @APIResponse(
      responseCode = "400",
      description =
          "page not a positive integer; q not valid JSON, or naming an unknown field or operator;"
              + " single and several fractals found",
      content = @Content(schema = @Schema(implementation = ErrorBody.class)))
  @APIResponse(
      responseCode = "404",
      description = "single and no fractal found",
      content = @Content(schema = @Schema(implementation = ErrorBody.class)))
  public Response list(
      @Parameter(description = "1-based page, default 1") @QueryParam("page") String pageParam,
      @Parameter(
              description =
                  "page size, default faafo.api.page-size (10); larger than"
                      + " faafo.api.max-page-size (100) is that maximum, junk or 0 the default")
          @QueryParam("results_per_page")
          String sizeParam,
      @Parameter(
              description =
                  "a flask-restless search: {\"filters\": [{\"name\", \"op\", \"val\"}, {\"or\": [...]}],"
                      + " \"order_by\": [{\"field\", \"direction\"}], \"limit\", \"offset\","
                      + " \"single\"}")
          @QueryParam("q")
          String q,
      @Parameter(
              description =
                  "the uuid of the last fractal of the previous page, as the next link gives it:"
                      + " that page then starts right after it, at the same cost however deep"
                      + " (without q; a fractal gone since falls back to the page number)")
          @QueryParam("after")
          String after,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
    List<Violation> violations = new ArrayList<>();
    int page = positive("page", pageParam, 1, Integer.MAX_VALUE, violations);
    if (after != null && !TaskValidator.isCanonicalUuid(after)) {
      violations.add(new Violation("after", "must be a fractal's uuid"));
    }
    if (!violations.isEmpty()) {
      throw new InvalidRequestException("invalid paging parameters", violations);
    }
    int size = pageSize(sizeParam);
    FractalSearch search = SearchRequest.parse(q);
    if (search != null && search.single()) {
      return single(search);
    }
    long changesBefore = cache.changes();
    long total;
    List<Fractal> found;
    if (search == null) {
      total = catalog.count();
      found =
          (long) (page - 1) * size >= total
              ? List.of()
              : (after == null ? Optional.<List<Fractal>>empty() : catalog.listAfter(after, size))
                  .orElseGet(() -> catalog.list(page, size));
    } else {
      FractalCatalog.Found result = catalog.search(search, page, size);
      total = result.total();
      found = result.page();
    }
    int totalPages = (int) ((total + size - 1) / size);
    FractalPage body =
        new FractalPage(found.stream().map(FractalView::of).toList(), total, page, totalPages);
    if (search != null) {
      return Response.ok(body).links(pageLinks(page, size, totalPages, q, null)).build();
    }
    String last = found.isEmpty() ? null : found.get(found.size() - 1).getUuid();
    List<String> links =
        Stream.of(pageLinks(page, size, totalPages, null, last)).map(Link::toString).toList();
    return cache.page(request, changesBefore, body, links).response(ifNoneMatch);
  }

  /** flask-restless' {@code single}: the one fractal found, 404 for none, 400 for several. */
  private Response single(FractalSearch search) {
    List<Fractal> found = catalog.search(search, 1, 2).page();
    if (found.isEmpty()) {
      throw new FractalNotFoundException("No result found");
    }
    if (found.size() > 1) {
      throw new InvalidRequestException("Multiple results found", List.of());
    }
    return Response.ok(FractalView.of(found.get(0))).build();
  }

  /**
   * {@code rel="next"} while there is a next page, and always {@code rel="last"}, as flask-restless
   * sends them; unlike it, the links keep {@code q}, so they page through the same search, and an
   * unfiltered list's next link also names the page's last fractal ({@code after}), so that a
   * client following it reads any page at the cost of the first.
   */
  private Link[] pageLinks(int page, int size, int totalPages, String q, String last) {
    List<Link> links = new ArrayList<>();
    if (page < totalPages) {
      links.add(Link.fromUri(pageUri(page + 1, size, q, last)).rel("next").build());
    }
    links.add(Link.fromUri(pageUri(Math.max(1, totalPages), size, q, null)).rel("last").build());
    return links.toArray(Link[]::new);
  }

  private URI pageUri(int page, int size, String q, String after) {
    String query = "page=" + page + "&results_per_page=" + size;
    if (q != null) {
      query += "&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8).replace("+", "%20");
    }
    if (after != null) {
      query += "&after=" + after;
    }
    return uriInfo.getAbsolutePathBuilder().replaceQuery(query).build();
  }

  /** As flask-restless: junk, 0 or less is the default; more than the maximum is the maximum. */
  private int pageSize(String value) {
    try {
      int parsed = Integer.parseInt(value == null ? "" : value.trim());
      return parsed < 1 ? defaultPageSize : Math.min(parsed, maxPageSize);
    } catch (NumberFormatException e) {
      return defaultPageSize;
    }
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
