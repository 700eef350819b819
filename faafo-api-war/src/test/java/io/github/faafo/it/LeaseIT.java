package io.github.faafo.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Symmetric nodes: two more whole nodes with the producer's timer on beside this class's own (timer
 * off). One of the two holds the generation lease and generates alone; killed with SIGKILL while
 * its tasks are on their way, the other takes the lease over and generates, and every record the
 * dead node made ends done, its lost replies sent again by the sweep's holder.
 */
class LeaseIT extends SystemIT {

  /**
   * The two nodes' lease: long enough that three JVMs booting on two busy cores do not let it lapse
   * (renewed every 5 s), short enough for a quick takeover.
   */
  private static final Duration LEASE = Duration.ofSeconds(15);

  /** Batches of eight tasks of some milliseconds each, so that tasks are on their way. */
  private static final Map<String, String> PRODUCING =
      Map.of(
          "faafo.producer.enabled", "true",
          "faafo.producer.lease-seconds", String.valueOf(LEASE.toSeconds()),
          "faafo.producer.min-tasks", "8",
          "faafo.producer.max-tasks", "8",
          "faafo.producer.min-width", "200",
          "faafo.producer.max-width", "300",
          "faafo.producer.min-height", "200",
          "faafo.producer.max-height", "300",
          "faafo.producer.min-iterations", "200",
          "faafo.producer.max-iterations", "400");

  @Test
  void oneOfTwoProducerNodesGeneratesAndTheOtherTakesOverWhenItIsKilled() throws Exception {
    try (WorkerNode b = WorkerNode.startFull("node-b", 18383, PRODUCING);
        WorkerNode c = WorkerNode.startFull("node-c", 18384, PRODUCING)) {
      Api apiB = new Api(new URL("http://localhost:18383/"));
      Api apiC = new Api(new URL("http://localhost:18384/"));
      await()
          .atMost(LEASE.multipliedBy(3))
          .until(() -> held(apiB) + held(apiC) == 1 && generated(apiB) + generated(apiC) > 0);
      boolean bHolds = held(apiB) == 1;
      WorkerNode holder = bHolds ? b : c;
      Api holderApi = bHolds ? apiB : apiC;
      Api otherApi = bHolds ? apiC : apiB;

      // three more batches: all from the holder, none from the other node
      double generatedBefore = generated(holderApi);
      double otherBefore = generated(otherApi);
      await()
          .atMost(Deadline.forRendering(24, 300, 300, 400).plus(LEASE))
          .until(() -> generated(holderApi) >= generatedBefore + 24);
      assertEquals(otherBefore, generated(otherApi), "the node without the lease generated");
      assertEquals(0, held(otherApi));

      // kill the holder while tasks it sent are on their way
      await()
          .atMost(Deadline.forRendering(8, 300, 300, 400).plus(LEASE))
          .until(() -> Database.count("status = 'pending'") > 0);
      long lastSeq = Long.parseLong(Database.text("SELECT MAX(seq) FROM fractal"));
      long pendingAtKill = Database.count("status = 'pending' AND seq <= ?", lastSeq);
      long killedAt = System.nanoTime();
      holder.kill();

      await()
          .atMost(LEASE.multipliedBy(3))
          .until(() -> held(otherApi) == 1 && generated(otherApi) > otherBefore);
      double resumedAfter = (System.nanoTime() - killedAt) / 1e9;
      // its replies died with it: the sweep sends those tasks again after the reply timeout (8 s)
      await()
          .atMost(
              Deadline.forRendering(pendingAtKill, 300, 300, 400).plus(LEASE).plusSeconds(8 * 3))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> Database.count("status <> 'done' AND seq <= ?", lastSeq) == 0);
      double doneAfter = (System.nanoTime() - killedAt) / 1e9;
      long made = Database.count("seq <= ?", lastSeq);
      Report.line(
          "producer node killed",
          String.format(
              java.util.Locale.ROOT,
              "2 producer nodes, the lease holder killed with %d of its %d tasks not done:"
                  + " generation resumed on the other after %.1f s, all %d done after %.1f s,"
                  + " 0 lost",
              pendingAtKill,
              made,
              resumedAfter,
              made,
              doneAfter));
    }
  }

  private static double held(Api node) {
    return Math.max(0, node.metric("faafo_lease_generation_held"));
  }

  private static double generated(Api node) {
    return Math.max(0, node.metric("faafo_tasks_generated_total"));
  }
}
