package io.github.faafo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.faafo.messaging.Queues;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Partitions, not kills: two whole nodes, the database server and a three-node broker cluster, each
 * in a network namespace of the test's own network (bin/partition-net). One of them is cut off from
 * all the others mid-burst (it runs on; its packets vanish), then let back in: the broker node that
 * leads faafo.tasks, or the faafo node that holds the generation lease. Nothing is lost, nothing a
 * node does on the strength of a lease it lost takes effect, and the history of every create checks
 * out.
 */
@ExtendWith(CleanSlate.class)
class PartitionIT {

  private static final String NETWORK = "part";
  private static final String SERVERS = "partition";
  private static final String DATABASE = "faafo_partition";
  private static final int DATABASE_PORT = 3381;
  private static final int BROKER_PORT = 5751;
  private static final int[] HTTP_PORTS = {18391, 18392};

  /** The network's nodes: the database server, then the two faafo nodes, then the brokers. */
  private static final int DATABASE_NODE = 1;

  private static final int FIRST_FAAFO_NODE = 2;
  private static final int FIRST_BROKER_NODE = 4;

  /** Long enough that two JVMs booting on two busy cores keep it, short for a quick takeover. */
  private static final Duration LEASE = Duration.ofSeconds(15);

  private static final Map<String, String> PRODUCING =
      Map.ofEntries(
          Map.entry("faafo.producer.enabled", "true"),
          Map.entry("faafo.producer.interval-seconds", "2"),
          Map.entry("faafo.producer.lease-seconds", String.valueOf(LEASE.toSeconds())),
          Map.entry("faafo.producer.min-tasks", "2"),
          Map.entry("faafo.producer.max-tasks", "4"));

  private static final String TASK =
      "{\"width\":48,\"height\":48,\"iterations\":64,\"xa\":-2.0,\"xb\":2.0,\"ya\":-2.0,\"yb\":2.0}";

  /**
   * Reply timeout (8 s, it-server.properties) three times, the broker's heartbeat (10 s) twice and
   * its partition detection (net_ticktime 10 s), with room to spare.
   */
  private static final Duration RECOVERY = LEASE.multipliedBy(2).plus(Duration.ofSeconds(60));

  private static final String PASSWORD = UUID.randomUUID().toString();

  private static PrivateNetwork network;
  private static BrokerCluster brokers;

  private final List<WorkerNode> nodes = new ArrayList<>();
  private final List<Api> apis = new ArrayList<>();

  @BeforeAll
  static void startNetworkAndServers() {
    network = PrivateNetwork.up(NETWORK, 6);
    Services.run(
        "env",
        "MARIADB_NODE_NAMESPACE=" + network.namespace(DATABASE_NODE),
        "MARIADB_NODE_ADDRESS=" + network.address(DATABASE_NODE),
        script("mariadb-node"),
        "start",
        SERVERS,
        String.valueOf(DATABASE_PORT));
    PrivateServers.mariadbNode(
        "sql",
        SERVERS,
        "-e",
        String.format(
            "CREATE DATABASE %1$s CHARACTER SET utf8mb4; CREATE USER '%1$s'@'%%' IDENTIFIED BY"
                + " '%2$s'; GRANT ALL PRIVILEGES ON %1$s.* TO '%1$s'@'%%';",
            DATABASE, PASSWORD));
    brokers = BrokerCluster.startIn(network, FIRST_BROKER_NODE, SERVERS, BROKER_PORT);
    brokers.ctl(brokers.names().get(0), "add_user", DATABASE, PASSWORD);
    brokers.ctl(brokers.names().get(0), "set_permissions", "-p", "/", DATABASE, ".*", ".*", ".*");
  }

  @AfterAll
  static void stopServersAndNetwork() {
    try {
      if (brokers != null) {
        brokers.close();
      }
    } finally {
      try {
        PrivateServers.mariadbNode("stop", SERVERS);
      } finally {
        network.close();
      }
    }
  }

  /** Stops the test's faafo nodes and joins every node it may have cut off, whatever happened. */
  @AfterEach
  void stopNodesAndHeal() throws InterruptedException {
    for (WorkerNode node : nodes) {
      node.close();
    }
    for (int node = 1; node <= 6; node++) {
      network.heal(node);
    }
  }

  @Test
  void aBrokerNodeCutOffFromItsClusterLosesNothing() throws Exception {
    startNodes();
    CreateHistory history = new CreateHistory();
    Burst burst = new Burst(history);
    awaitMoreAcceptedThroughEach(history, 3);
    String leader = brokers.leaderOf(Queues.TASKS, brokers.names().get(0));
    int leaderNode = FIRST_BROKER_NODE + brokers.names().indexOf(leader);
    String other = brokers.names().stream().filter(n -> !n.equals(leader)).findFirst().get();
    long cutAt = System.nanoTime();
    network.cut(leaderNode);
    String cut = " with faafo-" + leader + " (the leader of " + Queues.TASKS + ") cut off";
    awaitOrExplain(
        "pause of faafo-" + leader + " as the minority, and a new leader of " + Queues.TASKS + cut,
        RECOVERY,
        Duration.ofSeconds(2), // rabbitmqctl costs a CPU-second a call
        () ->
            !brokers.ctl(other, "eval", "rabbit_nodes:all_running().").contains(leader + "@")
                && !brokers.leaderOf(Queues.TASKS, other).equals(leader));
    double paused = seconds(cutAt);
    long acceptedAtPause = history.accepted().size();
    awaitOrExplain(
        "every create accepted so far done, and new ones" + cut,
        RECOVERY,
        Duration.ofMillis(500),
        () -> notDone(history) == 0 && history.accepted().size() >= acceptedAtPause + 6);
    double cutFor = seconds(cutAt);

    network.heal(leaderNode);
    long healedAt = System.nanoTime();
    String healed = " after faafo-" + leader + " was let back in";
    awaitOrExplain(
        "faafo-" + leader + " running again and back among the members of " + Queues.TASKS + healed,
        RECOVERY,
        Duration.ofSeconds(2),
        () ->
            brokers.ctl(other, "eval", "rabbit_nodes:all_running().").contains(leader + "@")
                && brokers.allMembersOnline(Queues.TASKS, other));
    double rejoined = seconds(healedAt);
    awaitMoreAcceptedThroughEach(history, 3);
    burst.close();
    Settled settled = settle(history, 0, healed);
    Report.line(
        "broker node cut off",
        String.format(
            Locale.ROOT,
            "faafo-%s, the leader of %s in a 3-node cluster (pause_minority, each node in a network"
                + " namespace), cut off %.1f s mid-burst: it paused and another node led the queue"
                + " after %.1f s; %s (the %d never accepted sent again under their uuid after the"
                + " heal); %d accepted, %d done once with their image's checksum, 0 lost; after"
                + " the heal the node ran again and every member of the queue was online after"
                + " %.1f s, and a final burst was done",
            leader,
            Queues.TASKS,
            cutFor,
            paused,
            history.summary(),
            settled.resent(),
            settled.checked(),
            settled.checked(),
            rejoined));
  }

  @Test
  void aLeaseHolderCutOffLosesItsLeaseAndNothingItDoesUnderItsOldTermTakesEffect()
      throws Exception {
    startNodes();
    awaitOrExplain(
        "one node holding the generation lease and generating",
        LEASE.multipliedBy(3),
        Duration.ofMillis(500),
        () -> held(0) + held(1) == 1 && count("lease_term IS NOT NULL") > 0);
    int holder = held(0) == 1 ? 0 : 1;
    int other = 1 - holder;
    CreateHistory history = new CreateHistory();
    Burst burst = new Burst(history);
    awaitMoreAcceptedThroughEach(history, 3);

    String holderAddress = network.address(FIRST_FAAFO_NODE + holder);
    assertTrue(
        brokerConnectionsFrom(holderAddress) > 0,
        "the lease holder has no broker connection to lose; " + state());
    long termBefore = generationTerm();
    long cutAt = System.nanoTime();
    network.cut(FIRST_FAAFO_NODE + holder);
    String cut = " with " + nodes.get(holder).name() + " (the lease holder) cut off";
    awaitOrExplain(
        "the other node holding the lease under a new term and generating" + cut,
        LEASE.multipliedBy(4),
        Duration.ofMillis(500),
        () -> generationTerm() > termBefore && count("lease_term > ?", termBefore) > 0);
    double resumed = seconds(cutAt);
    awaitOrExplain(
        "every create accepted so far done" + cut,
        RECOVERY,
        Duration.ofMillis(500),
        () -> notDone(history) == 0 && history.acceptedThrough(nodes.get(other).name()) >= 6);
    // the cut lasts until the broker has given up on the node's connections (its heartbeats
    // stopped), so that the node must find and make its links anew when it returns
    awaitOrExplain(
        "closing by the broker of the cut off node's connections" + cut,
        RECOVERY,
        Duration.ofSeconds(2),
        () -> brokerConnectionsFrom(holderAddress) == 0);
    double cutFor = seconds(cutAt);

    network.heal(FIRST_FAAFO_NODE + holder);
    long healedAt = System.nanoTime();
    String healed = " after " + nodes.get(holder).name() + " was let back in";
    long acceptedBefore = history.acceptedThrough(nodes.get(holder).name());
    awaitOrExplain(
        "the returned node answering creates again, without the lease" + healed,
        RECOVERY,
        Duration.ofMillis(500),
        () ->
            history.acceptedThrough(nodes.get(holder).name()) >= acceptedBefore + 3
                && held(holder) == 0
                && held(other) == 1);
    double back = seconds(healedAt);
    burst.close();
    Settled settled = settle(history, other, healed);
    assertEquals(
        List.of(),
        overlappingTerms(),
        "generation batches of two lease terms interleave: a node generated on a lease it had"
            + " lost; "
            + state());
    long stale = staleWrites();
    assertEquals(0, stale, "records written under a term after a later term began; " + state());
    Report.line(
        "lease holder cut off",
        String.format(
            Locale.ROOT,
            "%s cut off from the database and the brokers %.1f s mid-burst, until the brokers"
                + " closed its connections (every node in a network namespace): %s (the %d"
                + " never accepted sent again under their uuid after the heal); %d accepted,"
                + " %d done once with their image's checksum, 0 lost, %d stale writes; generation"
                + " resumed on the other node after %.1f s (lease %d s); the returned node"
                + " served creates again %.1f s after the heal, without the lease",
            nodes.get(holder).name(),
            cutFor,
            history.summary(),
            settled.resent(),
            settled.checked(),
            settled.checked(),
            stale,
            resumed,
            LEASE.toSeconds(),
            back));
  }

  /** Starts the two faafo nodes, each on its own first broker node, and waits until ready. */
  private void startNodes() throws IOException {
    for (int i = 0; i < 2; i++) {
      Map<String, String> environment = new HashMap<>(brokers.environment(brokers.names().get(i)));
      environment.putAll(
          Map.ofEntries(
              Map.entry("FAAFO_DB_HOST", network.address(DATABASE_NODE)),
              Map.entry("FAAFO_DB_PORT", String.valueOf(DATABASE_PORT)),
              Map.entry("FAAFO_DB_NAME", DATABASE),
              Map.entry("FAAFO_DB_USER", DATABASE),
              Map.entry("FAAFO_DB_PASSWORD", PASSWORD),
              // how a node finds its link cut: no reset ever comes (docs/configuration.md)
              Map.entry("FAAFO_DB_CONNECT_TIMEOUT_MS", "3000"),
              Map.entry("FAAFO_DB_SOCKET_TIMEOUT_MS", "15000"),
              Map.entry("FAAFO_RABBITMQ_USER", DATABASE),
              Map.entry("FAAFO_RABBITMQ_PASSWORD", PASSWORD)));
      nodes.add(
          WorkerNode.launchFullIn(
              network.namespace(FIRST_FAAFO_NODE + i),
              "partition-" + (char) ('a' + i),
              HTTP_PORTS[i],
              PRODUCING,
              environment));
      apis.add(
          new Api(
              new URL(
                  "http://" + network.address(FIRST_FAAFO_NODE + i) + ":" + HTTP_PORTS[i] + "/")));
    }
    for (WorkerNode node : nodes) {
      node.awaitReady();
    }
  }

  /** Creates posted through both nodes every quarter second, each recorded in the history. */
  private final class Burst implements AutoCloseable {

    private final AtomicBoolean on = new AtomicBoolean(true);
    private final List<Thread> posters = new ArrayList<>();

    Burst(CreateHistory history) {
      for (int i = 0; i < nodes.size(); i++) {
        int node = i;
        Thread poster =
            new Thread(
                () -> {
                  while (on.get()) {
                    history.post(nodes.get(node).name(), apis.get(node), TASK);
                    Services.sleep(250);
                  }
                },
                "poster-" + nodes.get(node).name());
        poster.start();
        posters.add(poster);
      }
    }

    @Override
    public void close() throws InterruptedException {
      on.set(false);
      for (Thread poster : posters) {
        poster.join(40_000); // a create to a node cut off waits 30 s at most
      }
    }
  }

  /** What the end of a burst came to: creates sent again, creates checked. */
  private record Settled(int resent, int checked) {}

  /**
   * Ends a scenario as a client would: sends every create that was never accepted again under its
   * uuid through node {@code through}, waits until every accepted create is done, and checks the
   * answers and the records and images against the history.
   */
  private Settled settle(CreateHistory history, int through, String when) throws SQLException {
    int resent = history.resendNotAccepted(nodes.get(through).name(), apis.get(through), TASK);
    awaitOrExplain(
        "every accepted create done" + when,
        RECOVERY,
        Duration.ofMillis(500),
        () -> notDone(history) == 0);
    history.checkAnswers();
    return new Settled(resent, history.checkStored(apis.get(through)));
  }

  /** Waits until {@code more} creates more than now were accepted through each node. */
  private void awaitMoreAcceptedThroughEach(CreateHistory history, long more) {
    Map<String, Long> now = new HashMap<>();
    nodes.forEach(node -> now.put(node.name(), history.acceptedThrough(node.name())));
    awaitOrExplain(
        more + " more creates accepted through each node",
        RECOVERY,
        Duration.ofMillis(500),
        () ->
            nodes.stream()
                .allMatch(
                    node -> history.acceptedThrough(node.name()) >= now.get(node.name()) + more));
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /** How many accepted creates are not done yet. */
  private long notDone(CreateHistory history) throws SQLException {
    long notDone = 0;
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement("SELECT status FROM fractal WHERE uuid = ?")) {
      for (String uuid : history.accepted()) {
        s.setString(1, uuid);
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next() || !rs.getString(1).equals("done")) {
            notDone++;
          }
        }
      }
    }
    return notDone;
  }

  /** The generation lease's term now. */
  private long generationTerm() throws SQLException {
    return Long.parseLong(text("SELECT term FROM producer_lease WHERE name = 'generation'"));
  }

  /**
   * Each lease term whose first record came before the last record of an earlier term: two nodes
   * generating at once.
   */
  private List<String> overlappingTerms() throws SQLException {
    List<String> overlapping = new ArrayList<>();
    try (Connection c = connect();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT lease_term, MIN(created_at), MAX(created_at) FROM fractal"
                        + " WHERE lease_term IS NOT NULL GROUP BY lease_term ORDER BY lease_term")) {
      String lastEnd = null;
      String lastTerm = null;
      while (rs.next()) {
        if (lastEnd != null && rs.getString(2).compareTo(lastEnd) <= 0) {
          overlapping.add(
              "term "
                  + rs.getString(1)
                  + " began at "
                  + rs.getString(2)
                  + ", term "
                  + lastTerm
                  + " ended at "
                  + lastEnd);
        }
        lastTerm = rs.getString(1);
        lastEnd = rs.getString(3);
      }
    }
    return overlapping;
  }

  /** Records generated under a term after a later term's first record: writes on a stale lease. */
  private long staleWrites() throws SQLException {
    return count(
        "lease_term IS NOT NULL AND created_at > (SELECT MIN(g.created_at) FROM fractal g"
            + " WHERE g.lease_term > fractal.lease_term)");
  }

  /** Whether node {@code index} says it holds the generation lease; -1 when it cannot say. */
  private double held(int index) {
    try {
      return apis.get(index).metric("faafo_lease_generation_held");
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private void awaitOrExplain(
      String what, Duration atMost, Duration poll, Callable<Boolean> condition) {
    Deadline.awaitOrExplain(what, atMost, poll, condition, this::state);
  }

  /** The network, the lease, the records by status and each node's view, for a failure. */
  private String state() {
    StringBuilder state = new StringBuilder("network: ").append(network.status());
    try {
      state
          .append("; lease: ")
          .append(
              text(
                  "SELECT CONCAT(holder, ' term ', term, ' until ', expires_at, ' batches ',"
                      + " batches) FROM producer_lease WHERE name = 'generation'"))
          .append("; records: ")
          .append(
              text(
                  "SELECT GROUP_CONCAT(CONCAT(status, ' ', n)) FROM"
                      + " (SELECT status, COUNT(*) n FROM fractal GROUP BY status) s"));
    } catch (SQLException | RuntimeException e) {
      state.append("; (database: ").append(e.getMessage()).append(')');
    }
    for (int i = 0; i < nodes.size(); i++) {
      WorkerNode node = nodes.get(i);
      state.append("; ").append(node.name());
      if (i < apis.size()) {
        state.append(" lease held=").append(held(i));
      }
      state.append(", last warnings: ").append(node.lastProblems(3));
    }
    state.append("; queues ").append(brokers.describeQueues());
    return state.toString();
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:mysql://" + network.address(DATABASE_NODE) + ":" + DATABASE_PORT + "/" + DATABASE,
        DATABASE,
        PASSWORD);
  }

  private static long count(String where, Object... parameters) throws SQLException {
    return Long.parseLong(text("SELECT COUNT(*) FROM fractal WHERE " + where, parameters));
  }

  private static String text(String sql, Object... parameters) throws SQLException {
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /** How many connections the broker cluster has from {@code address}. */
  private static long brokerConnectionsFrom(String address) {
    return brokers.connectionsFrom(address, brokers.names().get(0));
  }

  private static String script(String name) {
    return Path.of(System.getProperty("faafo.home"), "bin", name).toString();
  }
}
