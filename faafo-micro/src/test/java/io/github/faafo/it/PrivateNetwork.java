package io.github.faafo.it;

import java.nio.file.Path;

/**
 * A little network of a test's own (bin/partition-net): nodes in network namespaces on a bridge,
 * with addresses from a private range no address or route of the machine overlaps, so that a test
 * can cut one node off (its packets vanish, no connection is reset) and heal it. Closing it kills
 * what still runs in its namespaces and removes them, their links and the bridge.
 */
final class PrivateNetwork implements AutoCloseable {

  private final String name;

  private PrivateNetwork(String name) {
    this.name = name;
  }

  /** Makes the network {@code name} (what an interrupted run left goes first) of {@code nodes}. */
  static PrivateNetwork up(String name, int nodes) {
    PrivateNetwork network = new PrivateNetwork(name);
    network.script("down");
    network.script("up", String.valueOf(nodes));
    return network;
  }

  /** Node {@code node}'s address; node 0 is the bridge, the machine's side of the network. */
  String address(int node) {
    return script("address", String.valueOf(node)).strip();
  }

  /** Node {@code node}'s network namespace, for ip netns exec. */
  String namespace(int node) {
    return script("namespace", String.valueOf(node)).strip();
  }

  /** Cuts node {@code node} off from every other node and from the machine. */
  void cut(int node) {
    script("cut", String.valueOf(node));
  }

  /** Joins node {@code node} to the network again. */
  void heal(int node) {
    script("heal", String.valueOf(node));
  }

  /** Each node's address and whether it is cut off, for a failure message. */
  String status() {
    try {
      return script("status").strip().replace('\n', ';');
    } catch (IllegalStateException e) {
      return "(no status: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    script("down");
  }

  private String script(String command, String... arguments) {
    String[] line = new String[arguments.length + 3];
    line[0] = Path.of(System.getProperty("faafo.home"), "bin", "partition-net").toString();
    line[1] = command;
    line[2] = name;
    System.arraycopy(arguments, 0, line, 3, arguments.length);
    return Services.run(line);
  }
}
