package io.github.faafo.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The producer's cap on tasks in flight ({@code faafo.producer.max-in-flight}, 1 here): tasks
 * beyond it wait their turn in the requestor, and one that waited leaves with its record's dispatch
 * time renewed, so that the stuck-task sweep of any node counts its reply timeout from then.
 */
@ServerSettings("faafo.producer.max-in-flight=1")
class InFlightLimitIT extends SystemIT {

  /**
   * Inside the filled Julia set of the "rabbit" almost no pixel escapes: about a billion iterations
   * (0.5 to 1 s on the machines of docs/benchmarks.md), so that a task behind six of them waits
   * more than the second after which its dispatch time is renewed even on a fast machine, while
   * each stays far shorter than the reply timeout (8 s) even on a busy one.
   */
  private static final String HEAVY =
      "{\"width\":1400,\"height\":1400,\"iterations\":540,\"xa\":-0.4,\"xb\":0.4,"
          + "\"ya\":-0.4,\"yb\":0.4,\"cx\":-0.12,\"cy\":0.75}";

  private static final String TINY =
      "{\"width\":32,\"height\":32,\"iterations\":32,\"xa\":-2.0,\"xb\":2.0,"
          + "\"ya\":-2.0,\"yb\":2.0}";

  @Test
  void tasksBeyondTheCapWaitTheirTurnAndLeaveWithARenewedDispatchTime() {
    List<String> heavy = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      heavy.add(api.created(HEAVY));
    }
    String last = api.created(TINY);
    List<String> all = new ArrayList<>(heavy);
    all.add(last);

    await()
        .atMost(Deadline.forRendering(heavy.size(), 1400, 1400, 540))
        .until(() -> Database.count("status = 'done'") == all.size());
    for (String uuid : all) {
      // sent once each: nothing timed out, nothing was taken for stuck
      assertEquals(1, Database.count("uuid = ? AND attempts = 1", uuid), "attempts of " + uuid);
    }
    // one in flight at a time: the last left only after the result before it was stored, having
    // waited for all six, and its record says so (created as dispatched, renewed as it left)
    String before = heavy.get(heavy.size() - 1);
    assertEquals(
        1,
        Database.count(
            "uuid = ? AND dispatched_at >= (SELECT updated_at FROM fractal WHERE uuid = ?)"
                + " AND dispatched_at > created_at",
            last,
            before),
        () ->
            last
                + " (created at "
                + Database.text("SELECT created_at FROM fractal WHERE uuid = ?", last)
                + ", dispatched at "
                + Database.text("SELECT dispatched_at FROM fractal WHERE uuid = ?", last)
                + ") left before "
                + before
                + " was done (at "
                + Database.text("SELECT updated_at FROM fractal WHERE uuid = ?", before)
                + ")");
  }
}
