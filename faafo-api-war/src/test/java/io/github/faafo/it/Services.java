package io.github.faafo.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Stops and starts the machine's real MariaDB and RabbitMQ, for the fault tests (run as root). */
final class Services {

  private Services() {}

  static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
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

  static void stopMariaDb() {
    run("start-stop-daemon", "--stop", "--oknodo", "--retry", "30", "--exec", "/usr/sbin/mariadbd");
  }

  static void startMariaDb() {
    run("start-stop-daemon", "--start", "--oknodo", "--background", "--exec", "/usr/sbin/mariadbd");
    waitForPort(Integer.parseInt(Database.env("FAAFO_DB_PORT", "3306")), Duration.ofSeconds(60));
  }

  static void rabbitmqctl(String... arguments) {
    String[] command = new String[arguments.length + 1];
    command[0] = "rabbitmqctl";
    System.arraycopy(arguments, 0, command, 1, arguments.length);
    run(command);
  }

  /** The temporary reply queues on the test virtual host. */
  static List<String> temporaryQueues() {
    String vhost = Database.env("FAAFO_RABBITMQ_VHOST", "/");
    return run("rabbitmqctl", "-q", "list_queues", "-p", vhost, "name")
        .lines()
        .map(String::trim)
        .filter(name -> name.startsWith("jms-temp-queue-"))
        .toList();
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
