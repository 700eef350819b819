package io.github.faafo.api.boundary;

import static org.eclipse.microprofile.openapi.OASFactory.createComponents;
import static org.eclipse.microprofile.openapi.OASFactory.createOpenAPI;
import static org.eclipse.microprofile.openapi.OASFactory.createSchema;

import io.github.faafo.fractal.control.TaskLimits;
import io.github.faafo.fractal.control.TaskValidator;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASModelReader;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/**
 * The OpenAPI schema of a create request's flat body, with the bounds of {@code faafo.task.*} as
 * this node applies them (not literals that could drift from the configuration); {@code
 * mp.openapi.model.reader} names it.
 */
public class CreateFractalSchema implements OASModelReader {

  /** The schema's name in {@code components/schemas}. */
  public static final String NAME = "CreateFractalCommand";

  @Override
  public OpenAPI buildModel() {
    // the application's configuration, through its own class loader: WildFly builds the model
    // on a thread whose context class loader does not see the EAR's library, where the defaults are
    TaskLimits limits =
        TaskLimits.from(ConfigProvider.getConfig(CreateFractalSchema.class.getClassLoader()));
    double coordinate = limits.maxCoordinate();
    double constant = limits.maxConstant();
    Schema schema =
        typed(SchemaType.OBJECT)
            .description(
                "A fractal to render, one flat object (or an array of them). Bounds are this"
                    + " node's faafo.task.*; width × height × iterations may not exceed"
                    + " faafo.task.max-work ("
                    + limits.maxWork()
                    + ").")
            .required(List.of("width", "height", "iterations", "xa", "xb", "ya", "yb"))
            .addProperty("width", integer(limits.minSize(), limits.maxSize(), "pixels"))
            .addProperty("height", integer(limits.minSize(), limits.maxSize(), "pixels"))
            .addProperty(
                "iterations",
                integer(
                    1,
                    limits.maxIterations(),
                    "maximum escape-time iterations; at least "
                        + TaskValidator.MIN_ITERATIONS_TO_PICK_CONSTANT
                        + " without cx and cy"))
            .addProperty("xa", number(-coordinate, coordinate, "left, less than xb"))
            .addProperty("xb", number(-coordinate, coordinate, "right"))
            .addProperty("ya", number(-coordinate, coordinate, "bottom, less than yb"))
            .addProperty("yb", number(-coordinate, coordinate, "top"))
            .addProperty(
                "cx", number(-constant, constant, "real part of the Julia constant, with cy"))
            .addProperty(
                "cy", number(-constant, constant, "imaginary part of the constant, with cx"))
            .addProperty(
                "uuid",
                typed(SchemaType.STRING)
                    .description(
                        "the id, chosen by the client (a lower-case UUID); generated when absent."
                            + " Posting the same id with the same parameters again answers 200"
                            + " with the record"))
            .addProperty(
                "parent",
                typed(SchemaType.STRING)
                    .description(
                        "the uuid of the fractal this one is made from (a zoom into part of it,"
                            + " or the same region again); it must exist when this one is"
                            + " created"));
    return createOpenAPI().components(createComponents().addSchema(NAME, schema));
  }

  /**
   * A schema of {@code type}, set in the form this server's MicroProfile OpenAPI has: one type in
   * 3.x (Payara 6), a list of types in 4.x (WildFly 38), where {@code type(SchemaType)} is gone.
   */
  private static Schema typed(SchemaType type) {
    Schema schema = createSchema();
    try {
      try {
        Schema.class.getMethod("type", SchemaType.class).invoke(schema, type);
      } catch (NoSuchMethodException newerApi) {
        Schema.class.getMethod("type", List.class).invoke(schema, List.of(type));
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot set an OpenAPI schema's type on this server", e);
    }
    return schema;
  }

  private static Schema integer(long min, long max, String description) {
    return typed(SchemaType.INTEGER)
        .minimum(BigDecimal.valueOf(min))
        .maximum(BigDecimal.valueOf(max))
        .description(description);
  }

  private static Schema number(double min, double max, String description) {
    return typed(SchemaType.NUMBER)
        .minimum(BigDecimal.valueOf(min))
        .maximum(BigDecimal.valueOf(max))
        .description(description);
  }
}
