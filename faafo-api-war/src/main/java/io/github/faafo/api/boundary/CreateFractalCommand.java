package io.github.faafo.api.boundary;

import io.github.faafo.fractal.entity.FractalParameters;
import java.util.Set;

/**
 * A REST client's request for a new fractal: its parameters ({@code cx}/{@code cy} optional) and,
 * optionally, {@code uuid}, the id a client of the original chooses itself, and {@code parent}, the
 * fractal the gallery zoomed from. The body is one flat JSON object, as the original's clients send
 * it; its OpenAPI schema is {@link CreateFractalSchema}.
 */
public record CreateFractalCommand(FractalParameters parameters, String uuid, String parent) {

  static final Set<String> FIELDS =
      Set.of("width", "height", "iterations", "xa", "xb", "ya", "yb", "cx", "cy", "uuid", "parent");

  static CreateFractalCommand from(JsonRequest json) {
    return new CreateFractalCommand(
        new FractalParameters(
            json.integer("width"),
            json.integer("height"),
            json.integer("iterations"),
            json.number("xa"),
            json.number("xb"),
            json.number("ya"),
            json.number("yb"),
            json.number("cx"),
            json.number("cy")),
        json.string("uuid"),
        json.string("parent"));
  }
}
