package io.github.faafo.api.boundary;

import io.github.faafo.fractal.control.FractalParameters;
import java.util.Set;

/** A REST client's request for a new fractal; {@code cx}/{@code cy} are optional. */
public record CreateFractalCommand(
    Integer width,
    Integer height,
    Integer iterations,
    Double xa,
    Double xb,
    Double ya,
    Double yb,
    Double cx,
    Double cy)
    implements FractalParameters {

  static final Set<String> FIELDS =
      Set.of("width", "height", "iterations", "xa", "xb", "ya", "yb", "cx", "cy");

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
        json.number("cy"));
  }
}
