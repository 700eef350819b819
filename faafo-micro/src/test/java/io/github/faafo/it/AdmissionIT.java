package io.github.faafo.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Admission control: while {@code faafo.task.max-pending} (20 here) fractals are pending, a create
 * gets 503 with {@code Retry-After} and stores nothing, and the timer skips its batches; with room
 * again, both go on.
 */
@ProducerTimer
@ServerSettings("faafo.task.max-pending=20")
class AdmissionIT extends SystemIT {

  private static final String TASK =
      "{\"uuid\":\"%s\",\"width\":33,\"height\":33,\"iterations\":40,\"xa\":-2.0,\"xb\":2.0,"
          + "\"ya\":-2.0,\"yb\":2.0}";

  @Test
  void aFullBacklogRefusesCreatesAndSkipsTheTimersBatchesUntilThereIsRoom() {
    // the timer runs here: this node holds the generation lease and has made a batch
    awaitOrExplain("the timer made no batch", () -> api.metric("faafo_tasks_generated_total") >= 1);

    // records that stay pending: their tasks are "on their way" for an hour
    List<String> waiting = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      waiting.add(Database.pendingRecord());
    }
    // 17 + at most 2 of the timer's (faafo.producer.max-tasks) + 1 fits in 20
    Api.Reply fits = api.post("api/fractal", TASK.formatted(UUID.randomUUID()));
    assertEquals(201, fits.status(), fits.text());

    for (int i = 0; i < 3; i++) {
      waiting.add(Database.pendingRecord());
    }
    String refusedId = UUID.randomUUID().toString();
    Api.Reply refused = api.post("api/fractal", TASK.formatted(refusedId));
    assertEquals(503, refused.status(), refused.text());
    assertEquals("10", refused.header("Retry-After"));
    JsonObject error = refused.json();
    assertEquals(503, error.getInt("status"));
    assertTrue(error.getString("message").contains("faafo.task.max-pending 20"), refused.text());
    String batchId = UUID.randomUUID().toString();
    Api.Reply refusedBatch = api.post("api/fractal", "[" + TASK.formatted(batchId) + "]");
    assertEquals(503, refusedBatch.status(), refusedBatch.text());
    assertEquals(0, Database.count("uuid IN (?, ?)", refusedId, batchId));

    // the timer skips every wake-up while the backlog stays full: it creates nothing
    awaitOrExplain(
        "the timer skipped no batch", () -> api.metric("faafo_batches_skipped_total") >= 1);
    long records = Database.count("1 = 1");
    double skipped = api.metric("faafo_batches_skipped_total");
    awaitOrExplain(
        "the timer skipped fewer than 2 more batches",
        () -> api.metric("faafo_batches_skipped_total") >= skipped + 2);
    assertEquals(records, Database.count("1 = 1"), "the timer created records while full");

    // room again: creates are accepted and the timer generates again
    for (String uuid : waiting) {
      Database.update("DELETE FROM fractal WHERE uuid = ?", uuid);
    }
    double generated = api.metric("faafo_tasks_generated_total");
    Api.Reply again = api.post("api/fractal", TASK.formatted(refusedId));
    assertEquals(201, again.status(), again.text());
    awaitOrExplain(
        "the timer made no batch with room again",
        () -> api.metric("faafo_tasks_generated_total") > generated);
  }

  /**
   * Waits up to 60 s (30 wake-ups of the timer) for {@code condition}; when it does not come, the
   * failure shows the producer's metrics and the lease table, which say whether the timer ran.
   */
  private void awaitOrExplain(String failure, Callable<Boolean> condition) {
    try {
      await().atMost(Duration.ofSeconds(60)).until(condition);
    } catch (ConditionTimeoutException e) {
      String metrics =
          api.get("metrics", "text/plain")
              .text()
              .lines()
              .filter(line -> line.startsWith("faafo_"))
              .collect(Collectors.joining("\n"));
      String leases =
          Database.text(
              "SELECT GROUP_CONCAT(CONCAT(name, ' held by ', holder, ' until ', expires_at)"
                  + " SEPARATOR '; ') FROM producer_lease");
      throw new AssertionError(
          failure
              + " within 60 s; leases: "
              + leases
              + "; pending: "
              + Database.count("status = 'pending'")
              + "; metrics:\n"
              + metrics,
          e);
    }
  }
}
