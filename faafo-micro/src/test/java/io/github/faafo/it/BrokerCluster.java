package io.github.faafo.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A three-node RabbitMQ cluster of private nodes on this machine (bin/rabbitmq-node), beside the
 * machine's own broker: started by a test, its nodes killed and restarted, and deleted afterwards.
 */
final class BrokerCluster implements AutoCloseable {

  /** The nodes' short names (node faafo-NAME@localhost) and AMQP ports. */
  private static final Map<String, Integer> NODES = Map.of("c1", 5701, "c2", 5702, "c3", 5703);

  /** A node name inside an Erlang pid as rabbitmqctl prints it: {@code <faafo-c2@localhost.…>}. */
  private static final Pattern PID_NODE = Pattern.compile("<faafo-(c\\d)@");

  private BrokerCluster() {}

  /** Starts c1, then c2 and c3, each joining c1. */
  static BrokerCluster start() {
    BrokerCluster cluster = new BrokerCluster();
    try {
      // one after the other: on two cores, booting them at once is no faster, and RabbitMQ
      // refuses two joins at once
      script("start", "c1", String.valueOf(NODES.get("c1")));
      script("start", "c2", String.valueOf(NODES.get("c2")), "c1");
      script("start", "c3", String.valueOf(NODES.get("c3")), "c1");
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** c1, c2, c3. */
  static List<String> names() {
    return NODES.keySet().stream().sorted().toList();
  }

  /**
   * The broker addresses for a faafo node (FAAFO_RABBITMQ_HOST), every node of the cluster, first
   * {@code first} and the others after it in turn, so that nodes given different firsts spread
   * their connections over the cluster.
   */
  static Map<String, String> environment(String first) {
    List<String> order = new ArrayList<>(names());
    Collections.rotate(order, -order.indexOf(first));
    return Map.of(
        "FAAFO_RABBITMQ_HOST",
        order.stream().map(node -> "localhost:" + NODES.get(node)).collect(Collectors.joining(",")),
        "FAAFO_RABBITMQ_VHOST",
        "/");
  }

  /** The node that leads quorum queue {@code queue}, asked of {@code via}. */
  String leaderOf(String queue, String via) {
    Map<String, String> leaders = column(via, "leader");
    if (!leaders.containsKey(queue)) {
      throw new AssertionError(queue + " is not on the cluster; it has " + leaders);
    }
    return leaders.get(queue).replaceAll("^faafo-(c\\d)@.*$", "$1");
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
    String online = column(via, "online").getOrDefault(queue, "");
    return names().stream().allMatch(node -> online.contains("faafo-" + node + "@"));
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
        return script(
                "ctl",
                node,
                "list_queues",
                "--no-table-headers",
                "-p",
                "/",
                "name",
                "leader",
                "online",
                "messages_ready",
                "messages_unacknowledged",
                "consumers")
            .lines()
            .filter(line -> line.startsWith("faafo."))
            .map(line -> line.replaceAll("\\s+", " "))
            .collect(Collectors.joining("; ", "as faafo-" + node + " sees them: ", ""));
      } catch (RuntimeException e) {
        // that node is down: ask the next
      }
    }
    return "no broker node answers";
  }

  /** Queue name → the value of {@code column} for each queue of the default virtual host. */
  private static Map<String, String> column(String via, String column) {
    return script("ctl", via, "list_queues", "--no-table-headers", "-p", "/", "name", column)
        .lines()
        .map(line -> line.split("\t", 2))
        .filter(fields -> fields.length == 2)
        .collect(Collectors.toMap(fields -> fields[0].trim(), fields -> fields[1].trim()));
  }

  private static String script(String... arguments) {
    Path script = Path.of(System.getProperty("faafo.home"), "bin", "rabbitmq-node");
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(List.of(arguments));
    return Services.run(command.toArray(String[]::new));
  }
}
