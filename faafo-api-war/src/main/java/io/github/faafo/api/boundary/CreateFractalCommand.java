package io.github.faafo.api.boundary;

import io.github.faafo.fractal.control.FractalParameters;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A REST client's request for a new fractal; {@code cx}/{@code cy} are optional, and so are {@code
 * uuid}, the id a client of the original chooses itself, and {@code parent}, the fractal the
 * gallery zoomed from.
 */
@Schema(
    description =
        "A fractal to render. Bounds are the defaults of faafo.task.*; width × height ×"
            + " iterations may not exceed faafo.task.max-work (2^30).")
public record CreateFractalCommand(
    @Schema(required = true, minimum = "2", maximum = "4096", description = "pixels") Integer width,
    @Schema(required = true, minimum = "2", maximum = "4096", description = "pixels")
        Integer height,
    @Schema(
            required = true,
            minimum = "1",
            maximum = "10000",
            description = "maximum escape-time iterations; at least 12 without cx and cy")
        Integer iterations,
    @Schema(
            required = true,
            minimum = "-1000",
            maximum = "1000",
            description = "left, less than xb")
        Double xa,
    @Schema(required = true, minimum = "-1000", maximum = "1000", description = "right") Double xb,
    @Schema(
            required = true,
            minimum = "-1000",
            maximum = "1000",
            description = "bottom, less than yb")
        Double ya,
    @Schema(required = true, minimum = "-1000", maximum = "1000", description = "top") Double yb,
    @Schema(minimum = "-2", maximum = "2", description = "real part of the Julia constant, with cy")
        Double cx,
    @Schema(minimum = "-2", maximum = "2", description = "imaginary part of the constant, with cx")
        Double cy,
    @Schema(
            description =
                "the id, chosen by the client (a lower-case UUID); generated when absent. Posting"
                    + " the same id with the same parameters again answers 200 with the record")
        String uuid,
    @Schema(
            description =
                "the uuid of the fractal this one is made from (a zoom into part of it, or the"
                    + " same region again); it must exist when this one is created")
        String parent)
    implements FractalParameters {

  static final Set<String> FIELDS =
      Set.of("width", "height", "iterations", "xa", "xb", "ya", "yb", "cx", "cy", "uuid", "parent");

  static CreateFractalCommand from(JsonRequest json) {
    return new CreateFractalCommand(
        json.integer("width"),
        json.integer("height"),
        json.integer("iterations"),
        json.number("xa"),
        json.number("xb"),
        json.number("ya"),
        json.number("yb"),
        json.number("cx"),
        json.number("cy"),
        json.string("uuid"),
        json.string("parent"));
  }
}
