package io.github.faafo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.faafo.cli.Faafo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code faafo} command (bin/faafo) against the running system, as a user of the original's
 * command line would use it: create and wait, list, show, get with its checksum, delete as the
 * administrator, and the API's own message with the documented exit code when a request is wrong.
 */
class CliIT extends SystemIT {

  private static final Pattern CREATED = Pattern.compile("created fractal ([0-9a-f-]{36})");

  @TempDir Path files;

  /** What one run of the command said and how it ended. */
  private record Run(int exit, String out, String err) {
    String says() {
      return "exit " + exit + "\n" + out + err;
    }
  }

  private Run faafo(String... args) {
    return faafoAt(base.toString(), args);
  }

  private static Run faafoAt(String endpoint, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("--endpoint-url", endpoint));
    all.addAll(List.of(args));
    int exit = Faafo.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void createWaitShowGetAndDeleteAsTheOriginalsCommandLineDid() throws Exception {
    Run created =
        faafo(
            "create",
            "--min-tasks",
            "3",
            "--max-tasks",
            "3",
            "--width",
            "64",
            "--height",
            "48",
            "--iterations",
            "64",
            "--wait",
            "--timeout",
            "120");
    assertEquals(0, created.exit(), created.says());
    List<String> uuids = new ArrayList<>();
    Matcher matcher = CREATED.matcher(created.out());
    while (matcher.find()) {
      uuids.add(matcher.group(1));
    }
    assertEquals(3, uuids.size(), created.says());
    for (String uuid : uuids) {
      assertTrue(
          created.out().contains(uuid + " done " + api.uri("api/fractal/" + uuid + "/image")),
          created.says());
      assertEquals("done", api.get("api/fractal/" + uuid).json().getString("status"));
    }
    assertTrue(created.err().contains("3 of 3 rendered"), created.says());

    String uuid = uuids.get(0);
    Run shown = faafo("show", uuid);
    assertEquals(0, shown.exit(), shown.says());
    String checksum = api.get("api/fractal/" + uuid).json().getString("checksum");
    assertTrue(shown.out().contains("| dimensions   | 64 x 48 pixels"), shown.says());
    assertTrue(shown.out().contains("| checksum     | " + checksum), shown.says());

    Run listed = faafo("list", "--status", "done", "--per-page", "5");
    assertEquals(0, listed.exit(), listed.says());
    assertTrue(listed.out().contains(uuid) && listed.out().contains("64 x 48"), listed.says());
    assertTrue(listed.out().contains("page 1 of 1, 3 fractal(s)"), listed.says());

    Path image = files.resolve("image.png");
    Run got = faafo("get", uuid, "-o", image.toString());
    assertEquals(0, got.exit(), got.says());
    assertEquals(
        checksum,
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(image))));

    Path password = files.resolve("admin-password");
    Files.writeString(password, Api.admin().substring("admin:".length()) + "\n");
    Run deleted = faafo("delete", uuid, "--password-file", password.toString());
    assertEquals(0, deleted.exit(), deleted.says());
    assertEquals(404, api.get("api/fractal/" + uuid).status());
    Run gone = faafo("show", uuid);
    assertEquals(3, gone.exit(), "show of a deleted fractal: " + gone.says());
    assertTrue(gone.err().contains("faafo: "), gone.says());
  }

  @Test
  void aWrongRequestEndsWithTheApisMessageAndChangesNothing() {
    Run refused =
        faafo("create", "--min-tasks", "1", "--max-tasks", "1", "--width", "-5", "--height", "48");
    assertEquals(1, refused.exit(), refused.says());
    assertTrue(refused.err().contains("width"), refused.says());
    assertEquals(
        0, api.get("api/fractal").json().getInt("num_results"), "a refused create stored a record");

    Path wrong = files.resolve("wrong-password");
    Run denied =
        faafo(
            "delete",
            "00000000-0000-4000-8000-000000000000",
            "--password-file",
            write(wrong, "not-the-password"));
    assertEquals(1, denied.exit(), denied.says());
    assertTrue(denied.err().contains("wrong user name or password"), denied.says());

    Run nobody = faafoAt("http://127.0.0.1:9/", "list");
    assertEquals(4, nobody.exit(), nobody.says());
  }

  private static String write(Path file, String text) {
    try {
      Files.writeString(file, text + "\n");
      return file.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
