package io.github.faafo.cli;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code faafo list}: one page of fractals, newest first, as a table. */
@Command(
    mixinStandardHelpOptions = true,
    name = "list",
    description = "List fractals, newest first.",
    showDefaultValues = true)
class ListCommand implements Callable<Integer> {

  @ParentCommand Faafo faafo;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--page", defaultValue = "1")
  int page;

  @Option(names = "--per-page", defaultValue = "10", description = "at most 100")
  int perPage;

  @Option(names = "--status", description = "only pending, done or failed ones")
  String status;

  @Override
  public Integer call() {
    String query = "api/fractal?page=" + page + "&results_per_page=" + perPage;
    if (status != null) {
      String filter =
          Json.createObjectBuilder()
              .add(
                  "filters",
                  Json.createArrayBuilder()
                      .add(
                          Json.createObjectBuilder()
                              .add("name", "status")
                              .add("op", "eq")
                              .add("val", status)))
              .build()
              .toString();
      query += "&q=" + URLEncoder.encode(filter, StandardCharsets.UTF_8);
    }
    JsonObject answer = (JsonObject) faafo.api().getJson(query);
    Table table = new Table("uuid", "status", "dimensions", "iterations", "duration");
    for (JsonValue value : answer.getJsonArray("objects")) {
      JsonObject fractal = (JsonObject) value;
      table.row(
          fractal.getString("uuid"),
          fractal.getString("status", ""),
          fractal.getInt("width") + " x " + fractal.getInt("height"),
          fractal.getInt("iterations"),
          ShowCommand.text(fractal, "duration"));
    }
    table.print(spec.commandLine().getOut());
    spec.commandLine()
        .getOut()
        .printf(
            "page %d of %d, %d fractal(s)%n",
            answer.getInt("page"), answer.getInt("total_pages"), answer.getInt("num_results"));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
