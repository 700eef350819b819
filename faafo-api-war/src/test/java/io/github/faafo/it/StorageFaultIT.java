package io.github.faafo.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A worker whose storage directory takes no files (a read-only bind mount, which root cannot write
 * through either) completes every task with its image in the database, and says so where an admin
 * looks: the API's readiness data and the metrics. Once the directory takes files again, so do
 * they.
 */
class StorageFaultIT extends SystemIT {

  private static final String SMALL =
      "{\"width\":24,\"height\":24,\"iterations\":32,\"xa\":-2.0,\"xb\":2.0,\"ya\":-2.0,\"yb\":2.0}";

  private static final Path STORAGE = Path.of(System.getProperty("worker.storage.dir"));

  private static boolean mounted;

  @AfterAll
  static void unmount() {
    if (mounted) {
      Services.run("umount", STORAGE.toString());
      mounted = false;
    }
  }

  @Test
  void aReadOnlyStorageDirectoryFailsNoTask() throws Exception {
    Services.run("mount", "--bind", STORAGE.toString(), STORAGE.toString());
    mounted = true;
    Services.run("mount", "-o", "remount,ro,bind", STORAGE.toString());

    List<String> uuids = post(5);
    await()
        .atMost(Deadline.forRendering(uuids.size(), 24, 24, 32))
        .until(() -> uuids.stream().allMatch(this::done));
    for (String uuid : uuids) {
      Api.Reply image = api.get("api/fractal/" + uuid + "/image");
      assertEquals(200, image.status());
      assertEquals(
          api.get("api/fractal/" + uuid).json().getString("checksum"),
          PipelineIT.sha256(image.body()));
    }
    assertEquals(0, files(), "files in a read-only directory");
    JsonObject readiness = api.readiness();
    assertEquals("UP", readiness.getString("status"), readiness.toString());
    String state = readiness.getJsonObject("data").getString("worker-storage");
    assertTrue(state.contains("not writable since"), state);
    assertTrue(state.contains("5 image file(s) kept in the database only"), state);
    assertEquals(0, api.metric("faafo_worker_storage_writable"));
    assertEquals(5, api.metric("faafo_worker_storage_files_not_written_total"));

    unmount();
    List<String> after = post(1);
    await().atMost(Deadline.forRendering(1, 24, 24, 32)).until(() -> done(after.get(0)));
    assertEquals(1, files());
    assertTrue(
        api.readiness().getJsonObject("data").getString("worker-storage").startsWith("writable"));
    assertEquals(1, api.metric("faafo_worker_storage_writable"));
    Report.line(
        "storage read-only",
        "5 tasks on a worker whose storage directory is a read-only mount: 5 done with their"
            + " images in the database, 0 lost, readiness data and metrics said so; writable"
            + " again, the next task's file was written");
  }

  private List<String> post(int count) {
    List<String> uuids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Api.Reply created = api.post("api/fractal", SMALL);
      assertEquals(201, created.status(), created.text());
      uuids.add(created.json().getString("uuid"));
    }
    return uuids;
  }

  private boolean done(String uuid) {
    return "done".equals(Database.text("SELECT status FROM fractal WHERE uuid = ?", uuid));
  }

  private static long files() throws IOException {
    try (Stream<Path> files = Files.list(STORAGE)) {
      return files.filter(file -> file.toString().endsWith(".png")).count();
    }
  }
}
