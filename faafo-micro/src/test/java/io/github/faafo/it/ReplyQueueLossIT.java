package io.github.faafo.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A broker restart takes the producer's temporary reply queue with it, so no reply of a task in
 * flight can come any more: the requestor connects again as soon as the broker is back and sends
 * those tasks again itself, each still on its first attempt, instead of waiting out their reply
 * timeout (ten minutes here, so that nothing else could send them again within the test). The
 * broker is the class's own node ({@link PrivateServers}), never the machine's.
 */
@ServerSettings("faafo.producer.reply-timeout-seconds=600")
@Tag(PrivateServers.TAG)
class ReplyQueueLossIT extends SystemIT {

  /** How long the broker and its clients may take to be back after the restart. */
  private static final Duration RECONNECT = Duration.ofSeconds(120);

  /**
   * Inside the filled Julia set of the "rabbit", about a billion iterations each (0.5 to 1 s on the
   * machines of docs/benchmarks.md): twelve of them on the node's four task sessions keep tasks in
   * flight for seconds after the last is posted, longer than the broker takes to stop.
   */
  private static final String HEAVY =
      "{\"width\":1400,\"height\":1400,\"iterations\":540,\"xa\":-0.4,\"xb\":0.4,"
          + "\"ya\":-0.4,\"yb\":0.4,\"cx\":-0.12,\"cy\":0.75}";

  private static final int TASKS = 12;

  @Test
  void tasksInFlightWhenTheBrokerRestartsAreSentAgainAtOnceByTheirRequestor() {
    List<String> uuids = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      uuids.add(api.created(HEAVY));
    }
    Services.rabbitmqctl("stop_app");
    // no reply can arrive now: what is not done has lost its reply queue
    long notDoneAtStop = Database.count("status <> 'done'");
    Services.rabbitmqctl("start_app");
    assertTrue(
        notDoneAtStop > 0, "every task was done before the broker stopped: make them heavier");

    await()
        .atMost(RECONNECT.plus(Deadline.forRendering(2 * TASKS, 1400, 1400, 540)))
        .until(() -> Database.count("status = 'done'") == TASKS);
    for (String uuid : uuids) {
      // sent again by the requestor that lost its reply queue, not by the sweep after the timeout
      assertEquals(1, Database.count("uuid = ? AND attempts = 1", uuid), "attempts of " + uuid);
    }
    Report.line(
        "reply queue lost",
        TASKS
            + " tasks, "
            + notDoneAtStop
            + " not done when the broker stopped (and its reply queue went): all done on their"
            + " first attempt, sent again by the requestor after it reconnected, 0 lost");
  }
}
