package io.github.faafo.cli;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code faafo show UUID}: the original's two-column table of one fractal. */
@Command(mixinStandardHelpOptions = true, name = "show", description = "Show one fractal.")
class ShowCommand implements Callable<Integer> {

  @ParentCommand Faafo faafo;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "UUID")
  String uuid;

  @Override
  public Integer call() {
    JsonObject fractal = (JsonObject) faafo.api().getJson("api/fractal/" + uuid);
    new Table("Parameter", "Value")
        .row("uuid", fractal.getString("uuid"))
        .row("status", text(fractal, "status"))
        .row("duration", text(fractal, "duration") + (fractal.isNull("duration") ? "" : " seconds"))
        .row("dimensions", fractal.getInt("width") + " x " + fractal.getInt("height") + " pixels")
        .row("iterations", fractal.getInt("iterations"))
        .row("xa", text(fractal, "xa"))
        .row("xb", text(fractal, "xb"))
        .row("ya", text(fractal, "ya"))
        .row("yb", text(fractal, "yb"))
        .row("size", text(fractal, "size") + (fractal.isNull("size") ? "" : " bytes"))
        .row("checksum", text(fractal, "checksum"))
        .row("generated_by", text(fractal, "generated_by"))
        .print(spec.commandLine().getOut());
    return 0;
  }

  /** A field as text: a string without quotes, a number as JSON wrote it, "" for null or none. */
  static String text(JsonObject fractal, String field) {
    JsonValue value = fractal.get(field);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return "";
    }
    return value instanceof jakarta.json.JsonString string ? string.getString() : value.toString();
  }
}
