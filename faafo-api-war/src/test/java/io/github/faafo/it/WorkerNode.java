package io.github.faafo.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A worker-only node: a second Payara Micro with just the resource adapter and the worker module,
 * started and killed by a test, as an administrator adds and loses worker nodes.
 */
final class WorkerNode implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;

  private WorkerNode(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static WorkerNode start(String name, int port) throws IOException {
    Path micro = Path.of(System.getProperty("micro.dir"));
    Path log = micro.getParent().resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
            List.of(
                "java", "-Xmx512m", "-jar", micro.resolve("payara-micro.jar").toString(),
                "--nocluster", "--port", String.valueOf(port),
                "--addlibs", micro.resolve("mysql-connector-j.jar") + ":" + micro.resolve("faafo-common.jar"),
                "--postbootcommandfile",
                Path.of(System.getProperty("server.config.dir")).resolve("post-boot-commands.asadmin").toString(),
                "--deploy", micro.resolve("faafo-worker.jar").toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("FAAFO_WORKER_NAME", name);
    WorkerNode node = new WorkerNode(name, builder.start(), log);
    node.awaitLine("faafo.tasks: consuming", Duration.ofMinutes(3));
    return node;
  }

  String name() {
    return name;
  }

  /** Waits until the node's log has a line containing {@code text}. */
  void awaitLine(String text, Duration limit) throws IOException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(text)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " stopped; see " + log);
      }
      Services.sleep(250);
    }
    throw new IllegalStateException(name + " never logged '" + text + "'; see " + log);
  }

  /** SIGKILL: the JVM dies at once, with whatever tasks it holds unacknowledged. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
