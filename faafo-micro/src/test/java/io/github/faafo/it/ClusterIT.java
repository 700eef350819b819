package io.github.faafo.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.faafo.messaging.Queues;
import java.net.URL;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * No single point of failure: two whole nodes (API, producer, worker) on a three-node RabbitMQ
 * cluster lose nothing when the broker node that leads faafo.tasks is killed mid-batch, then, once
 * it has rejoined, the broker node that holds the reply queues, then the node that holds the
 * generation lease. This class needs no server of its own (no Arquillian): the two nodes are its
 * system, over the tests' database.
 */
@ExtendWith(CleanSlate.class)
class ClusterIT {

  /**
   * The nodes' lease: long enough that two JVMs booting on two busy cores do not let it lapse
   * (renewed every 5 s), short enough for a quick takeover.
   */
  private static final Duration LEASE = Duration.ofSeconds(15);

  /**
   * Batches of eight tasks of a tenth of a second or so each, every 4 s, so that tasks are on their
   * way at every kill and the two cores keep up.
   */
  private static final Map<String, String> PRODUCING =
      Map.ofEntries(
          Map.entry("faafo.producer.enabled", "true"),
          Map.entry("faafo.producer.interval-seconds", "4"),
          Map.entry("faafo.producer.lease-seconds", String.valueOf(LEASE.toSeconds())),
          Map.entry("faafo.producer.min-tasks", "8"),
          Map.entry("faafo.producer.max-tasks", "8"),
          Map.entry("faafo.producer.min-width", "300"),
          Map.entry("faafo.producer.max-width", "400"),
          Map.entry("faafo.producer.min-height", "300"),
          Map.entry("faafo.producer.max-height", "400"),
          Map.entry("faafo.producer.min-iterations", "1000"),
          Map.entry("faafo.producer.max-iterations", "1500"));

  /** The largest task of {@link #PRODUCING}, for deadlines. */
  private static final int SIDE = 400;

  private static final int ITERATIONS = 1500;

  /** Reply timeout (8 s, it-server.properties) three times: a task may be swept more than once. */
  private static final Duration SWEPT = Duration.ofSeconds(8 * 3);

  private static BrokerCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = BrokerCluster.start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void nothingIsLostWhenABrokerNodeOrTheProducingNodeIsKilled() throws Exception {
    try (WorkerNode b =
            WorkerNode.launchFull("node-b", 18383, PRODUCING, BrokerCluster.environment("c1"));
        WorkerNode c =
            WorkerNode.launchFull("node-c", 18384, PRODUCING, BrokerCluster.environment("c2"))) {
      b.awaitReady();
      c.awaitReady();
      Api apiB = new Api(new URL("http://localhost:18383/"));
      Api apiC = new Api(new URL("http://localhost:18384/"));
      await()
          .atMost(LEASE.multipliedBy(3))
          .until(() -> held(apiB) + held(apiC) == 1 && generated(apiB) + generated(apiC) > 0);

      String leader = cluster.leaderOf(Queues.TASKS, "c3");
      killBrokerNode(leader, "the leader of " + Queues.TASKS);

      String replies =
          cluster.replyQueueNodes(leader).entrySet().stream()
              .max(Comparator.comparing(Map.Entry::getValue))
              .orElseThrow(() -> new AssertionError("no temporary reply queue on the cluster"))
              .getKey();
      killBrokerNode(replies, "the node holding the producers' reply queues");

      boolean bHolds = held(apiB) == 1;
      killProducingNode(bHolds ? b : c, bHolds ? apiB : apiC, bHolds ? apiC : apiB);
    }
  }

  /**
   * Kills broker node {@code node} while tasks are on their way; every record made until then ends
   * done, and new ones are done too. Then starts the node again and waits until it has rejoined
   * faafo.tasks.
   */
  private void killBrokerNode(String node, String role) {
    Progress atKill = Progress.midBatch();
    cluster.kill(node);
    double allDone = atKill.awaitAllDone();
    double newDone = atKill.awaitNewDone();
    cluster.restart(node);
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> cluster.allMembersOnline(Queues.TASKS, node));
    Report.line(
        "broker node killed",
        String.format(
            Locale.ROOT,
            "3-node cluster, %s (faafo-%s) killed with %d of %d tasks not done: all %d done"
                + " after %.1f s, new tasks done after %.1f s, 0 lost; the node rejoined",
            role,
            node,
            atKill.notDone,
            atKill.made,
            atKill.made,
            allDone,
            newDone));
  }

  /**
   * Kills the node that holds the generation lease while its tasks are on their way: the other
   * takes the lease over and generates, and every record ends done.
   */
  private void killProducingNode(WorkerNode holder, Api holderApi, Api otherApi)
      throws InterruptedException {
    assertEquals(0, held(otherApi), "both nodes hold the generation lease");
    assertEquals(0, generated(otherApi), "the node without the generation lease generated");
    Progress atKill = Progress.midBatch();
    holder.kill();
    await()
        .atMost(LEASE.multipliedBy(3))
        .until(() -> held(otherApi) == 1 && generated(otherApi) > 0);
    double resumed = atKill.seconds();
    double allDone = atKill.awaitAllDone();
    Report.line(
        "producer node killed",
        String.format(
            Locale.ROOT,
            "2 producer nodes on a 3-node broker cluster, the lease holder killed with %d of its"
                + " %d tasks not done: generation resumed on the other after %.1f s, all %d done"
                + " after %.1f s, 0 lost",
            atKill.notDone,
            atKill.made,
            resumed,
            atKill.made,
            allDone));
  }

  /** The records at the moment of a kill: the last one made, how many, how many not done. */
  private record Progress(long lastSeq, long made, long notDone, long killedAt) {

    /** Waits until tasks are on their way (three records not done), and notes the records. */
    static Progress midBatch() {
      AtomicReference<Progress> now = new AtomicReference<>();
      await()
          .atMost(Deadline.forRendering(8, SIDE, SIDE, ITERATIONS).plus(LEASE))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                long lastSeq =
                    Long.parseLong(Database.text("SELECT COALESCE(MAX(seq), 0) FROM fractal"));
                now.set(
                    new Progress(
                        lastSeq,
                        Database.count("seq <= ?", lastSeq),
                        Database.count("status <> 'done' AND seq <= ?", lastSeq),
                        System.nanoTime()));
                return now.get().notDone >= 3;
              });
      return now.get();
    }

    /** Waits until every record made before the kill is done; seconds since the kill. */
    double awaitAllDone() {
      await()
          .atMost(Deadline.forRendering(notDone, SIDE, SIDE, ITERATIONS).plus(LEASE).plus(SWEPT))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> Database.count("status <> 'done' AND seq <= ?", lastSeq) == 0);
      return seconds();
    }

    /** Waits until a record made after the kill is done; seconds since the kill. */
    double awaitNewDone() {
      await()
          .atMost(Deadline.forRendering(16, SIDE, SIDE, ITERATIONS).plus(LEASE).plus(SWEPT))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> Database.count("status = 'done' AND seq > ?", lastSeq) > 0);
      return seconds();
    }

    double seconds() {
      return (System.nanoTime() - killedAt) / 1e9;
    }
  }

  private static double held(Api node) {
    return Math.max(0, node.metric("faafo_lease_generation_held"));
  }

  private static double generated(Api node) {
    return Math.max(0, node.metric("faafo_tasks_generated_total"));
  }
}
