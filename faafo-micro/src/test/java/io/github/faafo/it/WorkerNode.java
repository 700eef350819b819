package io.github.faafo.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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

  /** A worker node laid out as bin/run lays one out. */
  static WorkerNode start(String name, int port) throws IOException {
    return start(name, port, Map.of());
  }

  /** A worker node laid out as bin/run lays one out, with {@code environment} added to its own. */
  static WorkerNode start(String name, int port, Map<String, String> environment)
      throws IOException {
    WorkerNode node =
        launch(
            null,
            name,
            port,
            null,
            List.of(micro().resolve("faafo-worker.jar")),
            CleanSlate.serverProperties(),
            environment);
    node.awaitLine("faafo.tasks: consuming", Duration.ofMinutes(3));
    return node;
  }

  /**
   * A whole node (API, producer, worker) whose resource adapter is deployed after the modules, the
   * mistake that leaves message-driven beans without consumers while the server says ready.
   */
  static WorkerNode startWithLateAdapter(String name, int port) throws IOException {
    Path postBoot = micro().resolve("post-boot-commands.asadmin");
    Path withoutAdapter = micro().getParent().resolve(name + "-post-boot.asadmin");
    Files.write(
        withoutAdapter,
        Files.readAllLines(postBoot).stream()
            .filter(line -> !line.startsWith("deploy ") && !line.startsWith("create-admin-object"))
            .toList());
    WorkerNode node =
        launch(
            name,
            port,
            withoutAdapter,
            Stream.concat(
                    wholeNode().stream(), Stream.of(micro().resolve("faafo-rabbitmq-rar.rar")))
                .toList());
    node.awaitLine("ready in", Duration.ofMinutes(3));
    return node;
  }

  /**
   * A whole node (API, producer, worker) laid out as bin/run lays one out, on {@code port}, with
   * {@code settings} over the class's and {@code environment} added to its own (its broker, say).
   */
  static WorkerNode startFull(
      String name, int port, Map<String, String> settings, Map<String, String> environment)
      throws IOException {
    WorkerNode node = launchFull(name, port, settings, environment);
    node.awaitReady();
    return node;
  }

  /**
   * As {@link #startFull}, without waiting: several nodes boot at once, then {@link #awaitReady}.
   */
  static WorkerNode launchFull(
      String name, int port, Map<String, String> settings, Map<String, String> environment)
      throws IOException {
    return launchWith(null, name, port, wholeNode(), settings, environment);
  }

  /**
   * As {@link #launchFull}, the node's process in network namespace {@code namespace}, a node of a
   * {@link PrivateNetwork}: it reaches, and is reached, through that network alone.
   */
  static WorkerNode launchFullIn(
      String namespace,
      String name,
      int port,
      Map<String, String> settings,
      Map<String, String> environment)
      throws IOException {
    return launchWith(namespace, name, port, wholeNode(), settings, environment);
  }

  /** As {@link #startFull}, without the worker: the API and the producer, whose tasks wait. */
  static WorkerNode startWithoutWorker(
      String name, int port, Map<String, String> settings, Map<String, String> environment)
      throws IOException {
    WorkerNode node =
        launchWith(null, name, port, wholeNode().subList(0, 2), settings, environment);
    node.awaitReady();
    return node;
  }

  private static WorkerNode launchWith(
      String namespace,
      String name,
      int port,
      List<Path> deployments,
      Map<String, String> settings,
      Map<String, String> environment)
      throws IOException {
    Properties properties = new Properties();
    try (var in = Files.newBufferedReader(CleanSlate.serverProperties())) {
      properties.load(in);
    }
    properties.putAll(settings);
    // named after the class's file, so that CleanSlate knows it for one of the tests' servers
    Path own = Path.of(CleanSlate.serverProperties() + "." + name);
    try (var out = Files.newBufferedWriter(own)) {
      properties.store(out, "node " + name);
    }
    return launch(namespace, name, port, null, deployments, own, environment);
  }

  /** Waits until Payara Micro says the node is ready. */
  void awaitReady() throws IOException {
    awaitLine("ready in", Duration.ofMinutes(3));
  }

  /** The modules of a whole node: the API, the producer and the worker, in this order. */
  private static List<Path> wholeNode() {
    return List.of(
        Path.of(System.getProperty("api.war")),
        micro().resolve("faafo-producer.jar"),
        micro().resolve("faafo-worker.jar"));
  }

  private static Path micro() {
    return Path.of(System.getProperty("micro.dir"));
  }

  private static WorkerNode launch(String name, int port, Path postBoot, List<Path> deployments)
      throws IOException {
    return launch(null, name, port, postBoot, deployments, CleanSlate.serverProperties(), Map.of());
  }

  /**
   * {@code namespace}: the network namespace to run in, or null (the machine's); {@code postBoot}:
   * a post-boot command file in place of the one node.options names, or null.
   */
  private static WorkerNode launch(
      String namespace,
      String name,
      int port,
      Path postBoot,
      List<Path> deployments,
      Path settings,
      Map<String, String> environment)
      throws IOException {
    Path log = micro().getParent().resolve(name + ".log");
    // the one definition of a node's options (faafo-micro's node.options, as bin/run reads it);
    // a later post-boot command file replaces the one it names
    List<String> command = new ArrayList<>();
    if (namespace != null) {
      command.addAll(List.of("ip", "netns", "exec", namespace)); // which execs java: same pid
    }
    command.addAll(List.of("java", "-Xmx512m"));
    command.addAll(List.of(System.getProperty("it.node.jvm.options").trim().split("\\s+")));
    command.add("-jar");
    command.add(micro().resolve("payara-micro.jar").toString());
    command.addAll(List.of(Files.readString(micro().resolve("node.options")).trim().split("\\s+")));
    command.addAll(List.of("--port", String.valueOf(port)));
    if (postBoot != null) {
      command.addAll(List.of("--postbootcommandfile", postBoot.toString()));
    }
    // the class's settings (the producer's timer is off, as on the test's own node), or a full
    // node's own
    command.addAll(List.of("--systemproperties", settings.toString()));
    for (Path deployment : deployments) {
      command.add("--deploy");
      command.add(deployment.toString());
    }
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("FAAFO_WORKER_NAME", name);
    env.putAll(environment);
    return new WorkerNode(name, builder.start(), log);
  }

  String name() {
    return name;
  }

  /** How many lines of the node's log contain {@code text} so far. */
  long lines(String text) throws IOException {
    try (Stream<String> lines = Files.lines(log)) {
      return lines.filter(line -> line.contains(text)).count();
    }
  }

  /**
   * The node's last {@code count} warnings and errors, each shortened to its message, for a failed
   * test to say what the node saw.
   */
  List<String> lastProblems(int count) {
    try {
      List<String> lines = Files.readAllLines(log);
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        // by the level's number: the level's name may be wrapped in colour codes
        if (line.contains("[levelValue: 900]") || line.contains("[levelValue: 1000]")) {
          String message = line.replaceFirst("^.*\\[levelValue: \\d+\\]\\s*", "");
          if (message.replace("[", "").isBlank() && i + 1 < lines.size()) {
            message = lines.get(i + 1).strip(); // a message that starts on the next line
          }
          problems.add(message.length() > 240 ? message.substring(0, 240) + "…" : message);
        }
      }
      return problems.subList(Math.max(0, problems.size() - count), problems.size());
    } catch (IOException | UncheckedIOException e) {
      return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
    }
  }

  /**
   * Where the node's threads in faafo code are, for a failed test to say what the node was doing: a
   * thread dump (jcmd, kept beside the node's log) summed up as each such thread's first frame
   * outside the JDK and its first faafo frame, with how many threads are there.
   */
  String threadsInFaafoCode() {
    Path dump = log.resolveSibling(name + "-threads.txt");
    try {
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      Process jcmdRun =
          new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), "Thread.print")
              .redirectErrorStream(true)
              .redirectOutput(dump.toFile())
              .start();
      if (!jcmdRun.waitFor(30, TimeUnit.SECONDS)) {
        jcmdRun.destroyForcibly();
        return "(no thread dump within 30 s)";
      }
      Map<String, Long> places = new TreeMap<>();
      for (String thread : Files.readString(dump).split("\n\\s*\n")) {
        List<String> frames =
            thread.lines().map(String::strip).filter(line -> line.startsWith("at ")).toList();
        frames.stream()
            .filter(frame -> frame.startsWith("at io.github.faafo."))
            .findFirst()
            .ifPresent(
                ours ->
                    places.merge(
                        frames.stream()
                                .filter(frame -> !frame.matches("at (java|javax|jdk|sun)\\..*"))
                                .findFirst()
                                .map(WorkerNode::shortFrame)
                                .orElse("?")
                            + " <- "
                            + shortFrame(ours),
                        1L,
                        Long::sum));
      }
      return places + " (dump: " + dump + ")";
    } catch (IOException e) {
      return "(no thread dump: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(no thread dump: interrupted)";
    }
  }

  /** {@code at a.b.Class.method(Class.java:12)} as {@code Class.method:12}. */
  private static String shortFrame(String frame) {
    return frame.replaceFirst(
        "^at (?:[\\w$]+\\.)*?([\\w$]+\\.[\\w$<>]+)\\((?:[^:)]*:)?(\\d*)\\).*$", "$1:$2");
  }

  /** True until the node's process has ended. */
  boolean isAlive() {
    return process.isAlive();
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
