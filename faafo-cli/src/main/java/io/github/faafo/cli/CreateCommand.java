package io.github.faafo.cli;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code faafo create}: random fractals from the producer's ranges, as the original's command made
 * them (each under a uuid of its own), or with the parameters given; with {@code --wait}, until
 * they are rendered.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "create",
    description = "Create fractals: random ones, or with the parameters given.",
    defaultValueProvider = ProducerRanges.class,
    showDefaultValues = true)
class CreateCommand implements Callable<Integer> {

  /** The most fractals one POST may carry (faafo.api.max-batch). */
  private static final int BATCH = 100;

  @ParentCommand Faafo faafo;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--min-tasks")
  int minTasks;

  @Option(names = "--max-tasks")
  int maxTasks;

  @Option(names = "--min-width")
  int minWidth;

  @Option(names = "--max-width")
  int maxWidth;

  @Option(names = "--min-height")
  int minHeight;

  @Option(names = "--max-height")
  int maxHeight;

  @Option(names = "--min-iterations")
  int minIterations;

  @Option(names = "--max-iterations")
  int maxIterations;

  @Option(names = "--min-xa")
  double minXa;

  @Option(names = "--max-xa")
  double maxXa;

  @Option(names = "--min-xb")
  double minXb;

  @Option(names = "--max-xb")
  double maxXb;

  @Option(names = "--min-ya")
  double minYa;

  @Option(names = "--max-ya")
  double maxYa;

  @Option(names = "--min-yb")
  double minYb;

  @Option(names = "--max-yb")
  double maxYb;

  @Option(names = "--width", description = "every fractal this wide (no random width)")
  Integer width;

  @Option(names = "--height")
  Integer height;

  @Option(names = "--iterations")
  Integer iterations;

  @Option(names = "--xa")
  Double xa;

  @Option(names = "--xb")
  Double xb;

  @Option(names = "--ya")
  Double ya;

  @Option(names = "--yb")
  Double yb;

  @Option(names = "--cx", description = "the Julia constant's real part (with --cy)")
  Double cx;

  @Option(names = "--cy", description = "the Julia constant's imaginary part (with --cx)")
  Double cy;

  @Option(names = "--wait", description = "show progress until every fractal is rendered")
  boolean await;

  @Option(
      names = "--timeout",
      defaultValue = "600",
      description = "seconds --wait waits at most (default: ${DEFAULT-VALUE})")
  long timeoutSeconds;

  @Override
  public Integer call() throws InterruptedException {
    if (minTasks < 1 || maxTasks < minTasks) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--min-tasks must be at least 1 and at most --max-tasks");
    }
    ApiClient api = faafo.api();
    PrintWriter out = spec.commandLine().getOut();
    int count = ThreadLocalRandom.current().nextInt(minTasks, maxTasks + 1);
    List<JsonObject> tasks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      tasks.add(task());
    }
    List<String> created = new ArrayList<>();
    for (int from = 0; from < tasks.size(); from += BATCH) {
      JsonArrayBuilder batch = Json.createArrayBuilder();
      tasks.subList(from, Math.min(tasks.size(), from + BATCH)).forEach(batch::add);
      JsonValue answer = api.postJson("api/fractal", batch.build().toString());
      for (JsonValue record : (JsonArray) answer) {
        String uuid = ((JsonObject) record).getString("uuid");
        created.add(uuid);
        out.println("created fractal " + uuid);
      }
    }
    out.flush();
    return await ? awaitRendered(api, created, out) : 0;
  }

  private JsonObject task() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    JsonObjectBuilder task =
        Json.createObjectBuilder()
            .add("uuid", UUID.randomUUID().toString())
            .add("width", width != null ? width : random.nextInt(minWidth, maxWidth + 1))
            .add("height", height != null ? height : random.nextInt(minHeight, maxHeight + 1))
            .add(
                "iterations",
                iterations != null ? iterations : random.nextInt(minIterations, maxIterations + 1))
            .add("xa", xa != null ? xa : between(minXa, maxXa))
            .add("xb", xb != null ? xb : between(minXb, maxXb))
            .add("ya", ya != null ? ya : between(minYa, maxYa))
            .add("yb", yb != null ? yb : between(minYb, maxYb));
    if (cx != null) {
      task.add("cx", cx);
    }
    if (cy != null) {
      task.add("cy", cy);
    }
    return task.build();
  }

  private static double between(double a, double b) {
    return a == b ? a : ThreadLocalRandom.current().nextDouble(Math.min(a, b), Math.max(a, b));
  }

  /** Polls each fractal until it is done or failed; prints where the images are. */
  private int awaitRendered(ApiClient api, List<String> uuids, PrintWriter out)
      throws InterruptedException {
    Map<String, String> status = new LinkedHashMap<>();
    uuids.forEach(uuid -> status.put(uuid, "pending"));
    Instant deadline = Instant.now().plus(Duration.ofSeconds(timeoutSeconds));
    long lastDone = -1;
    while (true) {
      for (Map.Entry<String, String> entry : status.entrySet()) {
        if ("pending".equals(entry.getValue())) {
          JsonObject record = (JsonObject) api.getJson("api/fractal/" + entry.getKey());
          entry.setValue(record.getString("status", "pending"));
        }
      }
      long done = status.values().stream().filter(s -> !"pending".equals(s)).count();
      if (done != lastDone) {
        spec.commandLine().getErr().printf("faafo: %d of %d rendered%n", done, status.size());
        spec.commandLine().getErr().flush();
        lastDone = done;
      }
      if (done == status.size()) {
        break;
      }
      if (Instant.now().isAfter(deadline)) {
        spec.commandLine()
            .getErr()
            .printf(
                "faafo: %d of %d still pending after %d s%n",
                status.size() - done, status.size(), timeoutSeconds);
        spec.commandLine().getErr().flush();
        return Faafo.EXIT_FAILED;
      }
      Thread.sleep(500);
    }
    boolean failed = false;
    for (Map.Entry<String, String> entry : status.entrySet()) {
      boolean ok = "done".equals(entry.getValue());
      failed |= !ok;
      out.println(
          entry.getKey()
              + " "
              + entry.getValue()
              + (ok ? " " + api.describe() + "api/fractal/" + entry.getKey() + "/image" : ""));
    }
    out.flush();
    return failed ? Faafo.EXIT_FAILED : 0;
  }
}
