package io.github.faafo.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code curl} and {@code bin/faafo} example of the README, docs/api.md and docs/cli.md, run
 * as written against the running system: only the address (localhost:8080), the administrator's
 * password file and the example uuids are this run's. Each must succeed, and where the docs show a
 * status line, a status code or an error message, the answer must carry it.
 */
class DocExamplesIT extends SystemIT {

  private static final Path HOME = Path.of(System.getProperty("faafo.home"));

  /** The uuids the docs write for the fractal their examples made. */
  private static final Pattern EXAMPLE_UUID =
      Pattern.compile("(d4305d65|6bd9e117)-(?:[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|…)");

  private static final Pattern MADE_UUID =
      Pattern.compile("(?:\"uuid\":\"|created fractal )([0-9a-f]{8}-[0-9a-f-]{27})");

  @TempDir Path work;

  /** One example: where it is written, the command, and the answer the docs show (maybe none). */
  private record Example(String where, String command, String shown) {}

  @Test
  void everyExampleOfTheReadmeTheApiGuideAndTheCommandGuideRunsAsWritten() throws Exception {
    Path password = work.resolve("admin-password");
    Files.writeString(password, Api.admin().substring("admin:".length()) + "\n");
    List<Example> examples = new ArrayList<>();
    examples.addAll(inlineExamples("README.md"));
    examples.addAll(promptedExamples("docs/api.md"));
    examples.addAll(blockExamples("docs/cli.md"));
    assertTrue(examples.size() >= 15, "too few examples found: " + examples);
    String endpoint = base.toString().replaceAll("/$", "");
    String made = null;
    String file = null;
    for (Example example : examples) {
      // each document's examples name the fractal its own first create made
      if (!example.where().split(":")[0].equals(file)) {
        file = example.where().split(":")[0];
        made = null;
      }
      String command =
          example
              .command()
              .replace("http://localhost:8080", endpoint)
              .replace("target/secrets/admin-password", password.toString())
              .replace("bin/faafo", HOME.resolve("bin/faafo").toString());
      if (made != null) {
        command = EXAMPLE_UUID.matcher(command).replaceAll(made);
      }
      String[] answer = run(command, endpoint);
      String said =
          example.where() + ": " + example.command() + "\nexit " + answer[0] + "\n" + answer[1];
      assertEquals("0", answer[0], said);
      Matcher uuid = MADE_UUID.matcher(answer[1]);
      if (made == null && uuid.find()) {
        made = uuid.group(1);
        // "a moment later": the examples after it read the fractal once it is rendered
        String rendered = made;
        await()
            .atMost(Deadline.forRendering(1, 1024, 1024, 512))
            .until(
                () ->
                    !"pending"
                        .equals(api.get("api/fractal/" + rendered).json().getString("status")));
      }
      for (String expected : shownFacts(example.shown())) {
        assertTrue(answer[1].contains(expected), "expected '" + expected + "' in " + said);
      }
    }
    Report.line(
        "documentation examples",
        examples.size()
            + " curl and faafo examples of README.md, docs/api.md and docs/cli.md ran as written");
  }

  /** What a shown answer promises: its status line, a bare status code, its error message. */
  private static List<String> shownFacts(String shown) {
    List<String> facts = new ArrayList<>();
    Matcher status = Pattern.compile("(?m)^(HTTP/1\\.1 \\d{3})").matcher(shown);
    if (status.find()) {
      facts.add(status.group(1));
    }
    if (shown.strip().matches("\\d{3}")) {
      facts.add(shown.strip());
    }
    Matcher message = Pattern.compile("\"message\":\"([^\"]+)\"").matcher(shown);
    if (message.find()) {
      facts.add(message.group(1));
    }
    return facts;
  }

  /** Examples written inline, as `curl …` or `bin/faafo …` in backticks. */
  private static List<Example> inlineExamples(String file) throws IOException {
    List<Example> examples = new ArrayList<>();
    Matcher inline =
        Pattern.compile("`((?:curl|bin/faafo) [^`]+)`")
            .matcher(Files.readString(HOME.resolve(file)));
    while (inline.find()) {
      examples.add(new Example(file, inline.group(1), ""));
    }
    return examples;
  }

  /**
   * Examples written as an indented "$ command" (maybe on several lines), then the answer shown.
   */
  private static List<Example> promptedExamples(String file) throws IOException {
    List<String> lines = Files.readAllLines(HOME.resolve(file));
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).startsWith("    $ ")) {
        continue;
      }
      int at = i + 1;
      StringBuilder command = new StringBuilder(lines.get(i).substring(6));
      // continued by a final "\" or by a quote still open
      while ((command.toString().endsWith("\\")
              || command.chars().filter(c -> c == '\'').count() % 2 == 1)
          && i + 1 < lines.size()) {
        command.append('\n').append(lines.get(++i));
      }
      StringBuilder shown = new StringBuilder();
      while (i + 1 < lines.size()
          && lines.get(i + 1).startsWith("    ")
          && !lines.get(i + 1).startsWith("    $ ")) {
        shown.append(lines.get(++i).strip()).append('\n');
      }
      examples.add(new Example(file + ":" + at, command.toString(), shown.toString()));
    }
    return examples;
  }

  /** Examples written as indented command lines of their own (not the synopsis). */
  private static List<Example> blockExamples(String file) throws IOException {
    List<String> lines = Files.readAllLines(HOME.resolve(file));
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.matches("    (bin/faafo|FAAFO_API_ADMIN_PASSWORD=\\S+ bin/faafo) .*")
          && !line.contains(" | ")
          && !line.contains("[")) {
        examples.add(new Example(file + ":" + (i + 1), line.strip(), ""));
      }
    }
    return examples;
  }

  /** Runs a command with bash in the test's own folder; its exit code and output. */
  private String[] run(String command, String endpoint) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-c", command)
            .directory(work.toFile())
            .redirectErrorStream(true);
    builder.environment().put("FAAFO_ENDPOINT_URL", endpoint);
    builder.environment().remove("FAAFO_API_ADMIN_PASSWORD");
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      return new String[] {"timed out", new String(output, StandardCharsets.UTF_8)};
    }
    return new String[] {
      String.valueOf(process.exitValue()), new String(output, StandardCharsets.UTF_8)
    };
  }
}
