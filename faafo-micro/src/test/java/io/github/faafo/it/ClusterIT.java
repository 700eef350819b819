package io.github.faafo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.faafo.messaging.Queues;
import java.net.URL;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
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

  /** The two faafo nodes under test, with their APIs, for the state a failed wait reports. */
  private final Map<WorkerNode, Api> nodes = new LinkedHashMap<>();

  @Test
  void nothingIsLostWhenABrokerNodeOrTheProducingNodeIsKilled() throws Exception {
    try (WorkerNode b =
            WorkerNode.launchFull("node-b", 18383, PRODUCING, cluster.environment("c1"));
        WorkerNode c =
            WorkerNode.launchFull("node-c", 18384, PRODUCING, cluster.environment("c2"))) {
      b.awaitReady();
      c.awaitReady();
      Api apiB = new Api(new URL("http://localhost:18383/"));
      Api apiC = new Api(new URL("http://localhost:18384/"));
      nodes.put(b, apiB);
      nodes.put(c, apiC);
      awaitOrExplain(
          "one node holding the generation lease and generating",
          LEASE.multipliedBy(3),
          Duration.ofMillis(100),
          () -> held(apiB) + held(apiC) == 1 && generated(apiB) + generated(apiC) > 0);

      String leader = cluster.leaderOf(Queues.TASKS, "c3");
      killBrokerNode(leader, "the leader of " + Queues.TASKS);

      // a producer whose connection died with the killed node opens its link (and with it its
      // reply queue) again when it next sends: at the latest when its tasks in flight have timed
      // out and go again
      AtomicReference<Map<String, Long>> replyQueues = new AtomicReference<>(Map.of());
      awaitOrExplain(
          "temporary reply queue on the cluster",
          SWEPT.plus(LEASE),
          Duration.ofSeconds(1), // rabbitmqctl costs a CPU-second a call
          () -> {
            replyQueues.set(cluster.replyQueueNodes(leader));
            return !replyQueues.get().isEmpty();
          });
      String replies =
          replyQueues.get().entrySet().stream()
              .max(Comparator.comparing(Map.Entry::getValue))
              .orElseThrow()
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
    Progress atKill = midBatch();
    cluster.kill(node);
    String after = " after faafo-" + node + " (" + role + ") was killed";
    double allDone = awaitAllDone(atKill, after);
    double newDone = awaitNewDone(atKill, after);
    cluster.restart(node);
    awaitOrExplain(
        "faafo-" + node + " back among the members of " + Queues.TASKS,
        Duration.ofMinutes(2),
        Duration.ofSeconds(2), // rabbitmqctl costs a CPU-second a call
        () -> cluster.allMembersOnline(Queues.TASKS, node));
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
    Progress atKill = midBatch();
    holder.kill();
    String after = " after " + holder.name() + " (the lease holder) was killed";
    awaitOrExplain(
        "the other node holding the lease and generating" + after,
        LEASE.multipliedBy(3),
        Duration.ofMillis(100),
        () -> held(otherApi) == 1 && generated(otherApi) > 0);
    double resumed = atKill.seconds();
    double allDone = awaitAllDone(atKill, after);
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

  /** Waits until tasks are on their way (three records not done), and notes the records. */
  private Progress midBatch() {
    AtomicReference<Progress> now = new AtomicReference<>();
    awaitOrExplain(
        "three tasks on their way at once",
        Deadline.forRendering(8, SIDE, SIDE, ITERATIONS).plus(LEASE),
        Duration.ofMillis(50),
        () -> {
          long lastSeq = Long.parseLong(Database.text("SELECT COALESCE(MAX(seq), 0) FROM fractal"));
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
  private double awaitAllDone(Progress atKill, String after) {
    awaitOrExplain(
        "every task made before the kill done" + after,
        Deadline.forRendering(atKill.notDone, SIDE, SIDE, ITERATIONS).plus(LEASE).plus(SWEPT),
        Duration.ofSeconds(1),
        () -> Database.count("status <> 'done' AND seq <= ?", atKill.lastSeq) == 0);
    return atKill.seconds();
  }

  /** Waits until a record made after the kill is done; seconds since the kill. */
  private double awaitNewDone(Progress atKill, String after) {
    awaitOrExplain(
        "a task made after the kill done" + after,
        Deadline.forRendering(16, SIDE, SIDE, ITERATIONS).plus(LEASE).plus(SWEPT),
        Duration.ofMillis(500),
        () -> Database.count("status = 'done' AND seq > ?", atKill.lastSeq) > 0);
    return atKill.seconds();
  }

  private void awaitOrExplain(
      String what, Duration atMost, Duration poll, Callable<Boolean> condition) {
    Deadline.awaitOrExplain(what, atMost, poll, condition, this::state);
  }

  /** The records by status and, for each node, its counters and its last warnings. */
  private String state() {
    StringBuilder state = new StringBuilder("records: ");
    state.append(
        Database.text(
            "SELECT GROUP_CONCAT(CONCAT(status, ' ', n)) FROM"
                + " (SELECT status, COUNT(*) n FROM fractal GROUP BY status) s"));
    nodes.forEach(
        (node, api) -> {
          state.append("; ").append(node.name());
          if (!node.isAlive()) {
            state.append(" (killed)");
            return;
          }
          for (String metric :
              List.of(
                  "faafo_lease_generation_held",
                  "faafo_tasks_generated_total",
                  "faafo_tasks_dispatched_total",
                  "faafo_tasks_completed_total",
                  "faafo_tasks_in_flight")) {
            state.append(' ').append(metric.replaceFirst("^faafo_", "")).append('=');
            try {
              state.append(api.metric(metric));
            } catch (RuntimeException e) {
              state.append('?');
            }
          }
          state.append(", last warnings: ").append(node.lastProblems(3));
          state.append(", threads in faafo code: ").append(node.threadsInFaafoCode());
        });
    state.append("; queues ").append(cluster.describeQueues());
    return state.toString();
  }

  /** The records at the moment of a kill: the last one made, how many, how many not done. */
  private record Progress(long lastSeq, long made, long notDone, long killedAt) {

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
