package io.github.faafo.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A three-node RabbitMQ cluster of private nodes on this machine (bin/rabbitmq-node), beside the
 * machine's own broker, on 127.0.0.1 or each node in a namespace of a {@link PrivateNetwork}:
 * started by a test, its nodes killed, cut off and restarted, and deleted afterwards.
 */
final class BrokerCluster implements AutoCloseable {

  /** A node name inside an Erlang pid as rabbitmqctl prints it: {@code <faafo-c2@localhost.…>}. */
  private static final Pattern PID_NODE = Pattern.compile("<faafo-([^@]+)@");

  /** The leader in a queue's info as rabbitmqctl eval prints it: {@code {leader,'faafo-c2@…'}}. */
  private static final Pattern LEADER = Pattern.compile("\\{leader,'faafo-([^@]+)@");

  /** The nodes' short names (node faafo-NAME@…) and AMQP ports, in order. */
  private final Map<String, Integer> nodes;

  /** Each node's address: 127.0.0.1, or its namespace's. */
  private final Map<String, String> addresses;

  private BrokerCluster(Map<String, Integer> nodes, Map<String, String> addresses) {
    this.nodes = nodes;
    this.addresses = addresses;
  }

  /** Starts c1, then c2 and c3, each joining c1, on ports 5701 to 5703 of 127.0.0.1. */
  static BrokerCluster start() {
    Map<String, Integer> nodes = new LinkedHashMap<>();
    Map<String, String> addresses = new LinkedHashMap<>();
    for (int i = 1; i <= 3; i++) {
      nodes.put("c" + i, 5700 + i);
      addresses.put("c" + i, "127.0.0.1");
    }
    return start(new BrokerCluster(nodes, addresses), Map.of());
  }

  /**
   * Starts three nodes {@code prefix}1 to 3 on port {@code port}, each in the namespace of node
   * {@code first}, {@code first} + 1 and + 2 of {@code network}, the second and third joining the
   * first.
   */
  static BrokerCluster startIn(PrivateNetwork network, int first, String prefix, int port) {
    Map<String, Integer> nodes = new LinkedHashMap<>();
    Map<String, String> addresses = new LinkedHashMap<>();
    Map<String, String> namespaces = new LinkedHashMap<>();
    for (int i = 0; i < 3; i++) {
      String name = prefix + (i + 1);
      nodes.put(name, port);
      addresses.put(name, network.address(first + i));
      namespaces.put(name, network.namespace(first + i));
    }
    return start(new BrokerCluster(nodes, addresses), namespaces);
  }

  private static BrokerCluster start(BrokerCluster cluster, Map<String, String> namespaces) {
    try {
      // one after the other: on two cores, booting them at once is no faster, and RabbitMQ
      // refuses two joins at once
      String first = null;
      for (String node : cluster.names()) {
        List<String> command = new ArrayList<>(List.of("env"));
        if (namespaces.containsKey(node)) {
          command.add("RABBITMQ_NODE_NAMESPACE=" + namespaces.get(node));
          command.add("RABBITMQ_NODE_ADDRESS=" + cluster.addresses.get(node));
        }
        command.addAll(
            List.of(scriptPath(), "start", node, String.valueOf(cluster.nodes.get(node))));
        if (first != null) {
          command.add(first);
        }
        Services.run(command.toArray(String[]::new));
        first = first == null ? node : first;
      }
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The nodes' short names, in order. */
  List<String> names() {
    return List.copyOf(nodes.keySet());
  }

  /** Node {@code node}'s address. */
  String address(String node) {
    return addresses.get(node);
  }

  /**
   * The broker addresses for a faafo node (FAAFO_RABBITMQ_HOST), every node of the cluster, first
   * {@code first} and the others after it in turn, so that nodes given different firsts spread
   * their connections over the cluster.
   */
  Map<String, String> environment(String first) {
    List<String> order = new ArrayList<>(names());
    Collections.rotate(order, -order.indexOf(first));
    return Map.of(
        "FAAFO_RABBITMQ_HOST",
        order.stream()
            .map(
                node ->
                    (addresses.get(node).equals("127.0.0.1") ? "localhost" : addresses.get(node))
                        + ":"
                        + nodes.get(node))
            .collect(Collectors.joining(",")),
        "FAAFO_RABBITMQ_VHOST",
        "/");
  }

  /** The node that leads quorum queue {@code queue}, asked of {@code via}. */
  String leaderOf(String queue, String via) {
    String info = queueInfo(queue, via);
    Matcher leader = LEADER.matcher(info);
    if (!leader.find()) {
      throw new AssertionError(queue + " has no leader; faafo-" + via + " says " + info);
    }
    return leader.group(1);
  }

  /**
   * The leader and the members online of quorum queue {@code queue}, as node {@code via} says:
   * through an expression that node evaluates (rabbitmqctl's listings need every node to reach the
   * tool back, which a node in a namespace cannot).
   */
  private String queueInfo(String queue, String via) {
    return ctl(
        via,
        "eval",
        "{ok, Q} = rabbit_amqqueue:lookup(rabbit_misc:r(<<\"/\">>, queue, <<\""
            + queue
            + "\">>)), rabbit_amqqueue:info(Q, [leader, online]).");
  }

  /** How many client connections the cluster has from {@code address}, as node {@code via} says. */
  long connectionsFrom(String address, String via) {
    String peers =
        ctl(
            via,
            "eval",
            "[catch proplists:get_value(peer_host, rabbit_networking:connection_info(P,"
                + " [peer_host])) || P <- rabbit_networking:connections()].");
    String tuple = "{" + address.replace('.', ',') + "}";
    return peers.split(Pattern.quote(tuple), -1).length - 1L;
  }

  /** The nodes that host the temporary reply queues, with how many each, asked of {@code via}. */
  Map<String, Long> replyQueueNodes(String via) {
    return column(via, "pid").entrySet().stream()
        .filter(queue -> queue.getKey().startsWith("jms-temp-queue-"))
        .map(queue -> PID_NODE.matcher(queue.getValue()))
        .filter(Matcher::find)
        .collect(Collectors.groupingBy(node -> node.group(1), Collectors.counting()));
  }

  /** True when every member of quorum queue {@code queue} is online, asked of {@code via}. */
  boolean allMembersOnline(String queue, String via) {
    String info = queueInfo(queue, via);
    String online = info.substring(Math.max(0, info.indexOf("{online,")));
    return names().stream().allMatch(node -> online.contains("'faafo-" + node + "@"));
  }

  /** SIGKILL: the node dies at once, as in a crash, with its connections and queue replicas. */
  void kill(String node) {
    script("kill", node);
  }

  /** Starts a killed node again with its data; it rejoins the cluster. */
  void restart(String node) {
    script("restart", node);
  }

  @Override
  public void close() {
    for (String node : names()) {
      try {
        script("stop", node);
      } catch (RuntimeException e) {
        System.err.println("cannot stop RabbitMQ node " + node + ": " + e.getMessage());
      }
    }
  }

  /**
   * The faafo queues as the first node that answers sees them (leader, members online, messages
   * ready and unacknowledged, consumers), for a failed wait to report.
   */
  String describeQueues() {
    for (String node : names()) {
      try {
        return ctl(
                node,
                "eval",
                "[{N, rabbit_amqqueue:info(Q, [leader, online, messages_ready,"
                    + " messages_unacknowledged, consumers])} || Q <-"
                    + " rabbit_amqqueue:list(<<\"/\">>), {resource, _, queue, N} <-"
                    + " [amqqueue:get_name(Q)], binary:match(N, <<\"faafo.\">>) =:= {0, 6}].")
            .replaceAll("\\s+", " ")
            .transform(queues -> "as faafo-" + node + " sees them: " + queues);
      } catch (RuntimeException e) {
        // that node is down or cut off: ask the next
      }
    }
    return "no broker node answers";
  }

  /** Queue name → the value of {@code column} for each queue of the default virtual host. */
  private Map<String, String> column(String via, String column) {
    return script("ctl", via, "list_queues", "--no-table-headers", "-p", "/", "name", column)
        .lines()
        .map(line -> line.split("\t", 2))
        .filter(fields -> fields.length == 2)
        .collect(Collectors.toMap(fields -> fields[0].trim(), fields -> fields[1].trim()));
  }

  /** rabbitmqctl {@code arguments} on node {@code node}. */
  String ctl(String node, String... arguments) {
    List<String> command = new ArrayList<>(List.of("ctl", node));
    command.addAll(List.of(arguments));
    return script(command.toArray(String[]::new));
  }

  private static String scriptPath() {
    return Path.of(System.getProperty("faafo.home"), "bin", "rabbitmq-node").toString();
  }

  private static String script(String... arguments) {
    List<String> command = new ArrayList<>(List.of(scriptPath()));
    command.addAll(List.of(arguments));
    return Services.run(command.toArray(String[]::new));
  }
}
