package io.github.faafo.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The private servers start from a checkout that their service users (mysql, rabbitmq) cannot
 * enter, as root's home directory is: the repository cloned into a folder of mode 0700 (with this
 * checkout's scripts laid over the clone's, so that uncommitted changes to them are what is
 * tested), then a MariaDB server and a RabbitMQ node started from that clone, used, stopped, and
 * nothing of them left. Needs no Payara Micro, and touches neither the machine's broker nor its
 * database.
 */
class FreshCheckoutIT {

  private static final String NAME = "fresh";
  private static final int BROKER_PORT = 5731;
  private static final int DATABASE_PORT = 3331;

  private Path home;
  private Path clone;

  @BeforeEach
  void cloneIntoAClosedFolder() throws IOException {
    home =
        Files.createTempDirectory(
            "faafo-0700-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    clone = home.resolve("faafo");
    Path checkout = Path.of(System.getProperty("faafo.home")).toRealPath();
    Services.run("git", "clone", "-q", "--no-hardlinks", checkout.toString(), clone.toString());
    Services.run(
        "cp", "-a", checkout.resolve("bin").toString() + "/.", clone.resolve("bin").toString());
  }

  @AfterEach
  void removeTheClone() {
    // whatever a failed test left running goes too (this checkout's scripts find the servers by
    // name as the clone's do, even if the clone is broken), then the clone
    Path bin = Path.of(System.getProperty("faafo.home"), "bin");
    try {
      Services.run(bin.resolve("rabbitmq-node").toString(), "stop", NAME);
    } finally {
      try {
        Services.run(bin.resolve("mariadb-node").toString(), "stop", NAME);
      } finally {
        Services.run("rm", "-rf", home.toString());
      }
    }
  }

  @Test
  void bothKindsOfPrivateServerStartFromACheckoutOnlyRootMayEnter() throws Exception {
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home)));

    script("mariadb-node", "start", NAME, String.valueOf(DATABASE_PORT));
    String databasePid = read(privateFolder("mariadb").resolve("pid"));
    String answer = script("mariadb-node", "sql", NAME, "-N", "-e", "SELECT 6 * 7");
    assertEquals("42", answer.strip(), "the query's answer");

    script("rabbitmq-node", "start", NAME, String.valueOf(BROKER_PORT));
    String brokerPid = read(privateFolder("rabbitmq").resolve("pid"));
    byte[] sent = ("from a closed checkout " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(sent, publishAndConsume(sent), "the message consumed");

    script("rabbitmq-node", "stop", NAME);
    script("mariadb-node", "stop", NAME);

    List<String> left = new ArrayList<>();
    for (String kind : List.of("mariadb", "rabbitmq")) {
      if (Files.exists(privateFolder(kind))) {
        left.add("the folder " + privateFolder(kind));
      }
    }
    for (String pid : List.of(databasePid, brokerPid)) {
      if (ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
        left.add("the process " + pid);
      }
    }
    for (int port : List.of(DATABASE_PORT, BROKER_PORT, BROKER_PORT + 20000)) {
      if (Services.answers(port)) {
        left.add("a listener on port " + port);
      }
    }
    assertTrue(left.isEmpty(), "left behind after both stopped: " + left);
    assertTrue(
        Files.isDirectory(clone.resolve("target/private-servers/mariadb-" + NAME)),
        "the stopped database server's logs are kept in the clone's target/private-servers");
  }

  /** Publishes one message to a new queue on the node and takes it back. */
  private static byte[] publishAndConsume(byte[] body) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(BROKER_PORT);
    try (Connection connection = factory.newConnection();
        Channel channel = connection.createChannel()) {
      String queue = channel.queueDeclare().getQueue();
      channel.confirmSelect();
      channel.basicPublish("", queue, null, body);
      channel.waitForConfirmsOrDie(10_000);
      GetResponse got = channel.basicGet(queue, true);
      assertNotNull(got, "no message in " + queue);
      return got.getBody();
    }
  }

  /** Where the clone's scripts keep a private server's files (bin/services.sh's private_dir). */
  private Path privateFolder(String kind) {
    return Path.of(
        script(
                "bash",
                "-c",
                "source bin/services.sh && private_dir \"$1\" \"$2\"",
                "dir",
                kind,
                NAME)
            .strip());
  }

  private static String read(Path file) throws IOException {
    String text = Files.readString(file).strip();
    assertFalse(text.isEmpty(), file + " is empty");
    return text;
  }

  /** Runs one of the clone's scripts (or, for "bash", a command) inside the clone. */
  private String script(String name, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(name.equals("bash") ? "bash" : clone.resolve("bin").resolve(name).toString());
    command.addAll(List.of(arguments));
    return Services.runIn(clone, command.toArray(String[]::new));
  }
}
