package io.github.faafo.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The tests' broker and database from the outside: rabbitmqctl and MariaDB's root on them (the
 * machine's, or the private servers of {@link PrivateServers}), and the checks between test classes
 * that both answer and that no server of the last class still runs.
 */
final class Services {

  private Services() {}

  static String run(String... command) {
    return runIn(null, command);
  }

  /**
   * Runs {@code command} in {@code directory} (null: this one); its output, or a failure with it.
   */
  static String runIn(Path directory, String... command) {
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(directory == null ? null : directory.toFile())
              .redirectErrorStream(true)
              .start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        // its children too: a script's tool (rabbitmqctl's Erlang VM, say) would outlive it
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IllegalStateException("timed out: " + Arrays.toString(command));
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(Arrays.toString(command) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sets the database server's time zone for the sessions that start from now on, as its root user,
   * through bin/services.sh's {@code db_root_sql} (the one way the scripts reach that root).
   */
  static void setDatabaseTimeZone(String zone) {
    rootSql("SET GLOBAL time_zone = '" + zone + "'");
  }

  /** Runs {@code sql} as the database server's root, as bin/services.sh reaches it; its output. */
  private static String rootSql(String sql) {
    Path services = Path.of(System.getProperty("faafo.home"), "bin", "services.sh");
    return run(
        "bash", "-c", "source \"$1\" && db_root_sql \"$2\"", "root-sql", services.toString(), sql);
  }

  /** rabbitmqctl on the tests' broker: the private node FAAFO_RABBITMQ_NODE if set. */
  static String rabbitmqctl(String... arguments) {
    List<String> command = new ArrayList<>(List.of("rabbitmqctl"));
    String node = System.getenv("FAAFO_RABBITMQ_NODE");
    if (node != null && !node.isEmpty()) {
      command.addAll(List.of("-n", node));
    }
    command.addAll(List.of(arguments));
    return run(command.toArray(String[]::new));
  }

  static int brokerPort() {
    return Integer.parseInt(Database.env("FAAFO_RABBITMQ_PORT", "5672"));
  }

  static int databasePort() {
    return Integer.parseInt(Database.env("FAAFO_DB_PORT", "3306"));
  }

  /**
   * Waits until the tests' broker and database answer. Only the private servers of a fault test are
   * ever stopped by a test (the machine's never are): one that a failed test's {@code finally} did
   * not bring back is started again here; a broker whose AMQP port answers has finished booting (it
   * opens its listeners last).
   */
  static void awaitBrokerAndDatabase() {
    if (!answers(brokerPort())) {
      if (!PrivateServers.inUse()) {
        throw new IllegalStateException(
            "the machine's RabbitMQ does not answer on port "
                + brokerPort()
                + "; no test stops it");
      }
      try {
        rabbitmqctl("start_app"); // the node runs, only the application was stopped
      } catch (IllegalStateException nodeDown) {
        PrivateServers.restartBroker();
      }
      waitForPort(brokerPort(), Duration.ofSeconds(120));
    }
    if (!answers(databasePort())) {
      if (!PrivateServers.inUse()) {
        throw new IllegalStateException(
            "the machine's MariaDB does not answer on port "
                + databasePort()
                + "; no test stops it");
      }
      PrivateServers.restartDatabase();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      try (var connection = Database.connect()) {
        return;
      } catch (java.sql.SQLException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the test database does not answer", e);
        }
        sleep(500);
      }
    }
  }

  /** Makes the test virtual host anew, empty, whatever an earlier run left in it. */
  static void addEmptyVhost(String vhost) {
    deleteVhost(vhost);
    rabbitmqctl("-q", "add_vhost", vhost);
    rabbitmqctl(
        "-q",
        "set_permissions",
        "-p",
        vhost,
        Database.env("FAAFO_RABBITMQ_USER", "guest"),
        ".*",
        ".*",
        ".*");
  }

  /** A broker user with all rights on the test virtual host, made afresh. */
  static void addBrokerUser(String user, String password) {
    deleteBrokerUser(user);
    rabbitmqctl("-q", "add_user", user, password);
    rabbitmqctl(
        "-q",
        "set_permissions",
        "-p",
        Database.env("FAAFO_RABBITMQ_VHOST", "/"),
        user,
        ".*",
        ".*",
        ".*");
  }

  /** Deletes a broker user a test made; absent is fine. */
  static void deleteBrokerUser(String user) {
    boolean exists =
        rabbitmqctl("-q", "list_users").lines().anyMatch(line -> line.startsWith(user + "\t"));
    if (exists) {
      rabbitmqctl("-q", "delete_user", user);
    }
  }

  /** Deletes the test virtual host with every queue and message in it; absent is fine. */
  static void deleteVhost(String vhost) {
    requireOwnVhost(vhost);
    try {
      rabbitmqctl("-q", "delete_vhost", vhost);
    } catch (IllegalStateException failed) {
      // what rabbitmqctl answers when there is none; anything else is a failure
      if (!failed.getMessage().contains("does not exist")) {
        throw failed;
      }
    }
  }

  private static void requireOwnVhost(String vhost) {
    if ("/".equals(vhost)) {
      throw new IllegalStateException("the tests need a virtual host of their own, not /");
    }
  }

  /**
   * Waits until no Payara Micro that the tests started (Arquillian's or an extra node: each is
   * given the tests' settings file) runs any more; one that has not stopped after a minute is
   * killed. A bin/run on the same build is not one of them and is left alone.
   */
  static void awaitNoServerOf(Path micro) {
    testServers(micro).forEach(Services::awaitExit);
  }

  /** The Payara Micro processes the tests started: those given the tests' settings file. */
  static Stream<ProcessHandle> testServers(Path micro) {
    String marker = CleanSlate.serverProperties().toString();
    String jar = micro.resolve("payara-micro.jar").toString();
    return ProcessHandle.allProcesses()
        .filter(
            process -> {
              Optional<String> line = process.info().commandLine();
              return line.isPresent() && line.get().contains(jar) && line.get().contains(marker);
            });
  }

  private static void awaitExit(ProcessHandle server) {
    try {
      server.onExit().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      server.destroyForcibly();
      server.onExit().join();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Whether something listens on {@code port} of 127.0.0.1. */
  static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The temporary reply queues on the test virtual host. */
  static List<String> temporaryQueues() {
    String vhost = Database.env("FAAFO_RABBITMQ_VHOST", "/");
    return rabbitmqctl("-q", "list_queues", "-p", vhost, "name")
        .lines()
        .map(String::trim)
        .filter(name -> name.startsWith("jms-temp-queue-"))
        .toList();
  }

  /** The messages in queue {@code queue} of the test virtual host. */
  static long messages(String queue) {
    String vhost = Database.env("FAAFO_RABBITMQ_VHOST", "/");
    return rabbitmqctl("-q", "list_queues", "--no-table-headers", "-p", vhost, "name", "messages")
        .lines()
        .map(line -> line.trim().split("\\s+"))
        .filter(fields -> fields.length == 2 && fields[0].equals(queue))
        .mapToLong(fields -> Long.parseLong(fields[1]))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no queue " + queue + " on " + vhost));
  }

  static void waitForPort(int port, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return;
      } catch (IOException e) {
        sleep(500);
      }
    }
    throw new IllegalStateException("nothing listens on port " + port + " after " + limit);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
