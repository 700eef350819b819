package io.github.faafo.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The private RabbitMQ node and MariaDB server of the fault tests (bin/rabbitmq-node,
 * bin/mariadb-node), so that the outages they make never touch the machine's own broker and
 * database: the failsafe run of the classes tagged {@value #TAG} points them and their Payara Micro
 * at these (FAAFO_RABBITMQ_NODE, FAAFO_DB_NODE and their ports), and {@link CleanSlate} starts them
 * afresh for each such class and stops them, their data with them, after it.
 */
final class PrivateServers {

  /** The tag of the classes that run on private servers (faafo-micro's pom.xml). */
  static final String TAG = "private-servers";

  private PrivateServers() {}

  /** Whether this test run's broker and database are private servers. */
  static boolean inUse() {
    return databaseName() != null && brokerName() != null;
  }

  /** Starts both afresh (what an interrupted run left goes first) with the test database's user. */
  static void start(Class<?> testClass) {
    stop();
    node("rabbitmq-node", "start", brokerName(), String.valueOf(Services.brokerPort()));
    node("mariadb-node", "start", databaseName(), String.valueOf(Services.databasePort()));
    Services.run(
        "bash",
        "-c",
        "source \"$1\" && ensure_database \"$2\"",
        "ensure-database",
        script("services.sh"),
        Path.of(System.getProperty("faafo.home"), "target", "secrets").toString());
    System.out.println(
        "faafo: "
            + testClass.getSimpleName()
            + " runs on its own RabbitMQ node faafo-"
            + brokerName()
            + "@localhost (port "
            + Services.brokerPort()
            + ") and MariaDB server "
            + databaseName()
            + " (port "
            + Services.databasePort()
            + "), never on the machine's");
  }

  /** Stops both; their data goes, their logs stay in target/private-servers. */
  static void stop() {
    node("rabbitmq-node", "stop", brokerName());
    node("mariadb-node", "stop", databaseName());
  }

  /** SIGKILLs the database server, as a crash does. */
  static void killDatabase() {
    node("mariadb-node", "kill", databaseName());
  }

  /** Starts the killed database server again, on the same data. */
  static void restartDatabase() {
    node("mariadb-node", "restart", databaseName());
  }

  /** Stops the broker node cleanly, keeping its data. */
  static void haltBroker() {
    node("rabbitmq-node", "halt", brokerName());
  }

  /** Starts the halted broker node again, on the same data. */
  static void restartBroker() {
    node("rabbitmq-node", "restart", brokerName());
  }

  /** The private database server's name (FAAFO_DB_NODE), or null. */
  private static String databaseName() {
    return System.getenv("FAAFO_DB_NODE");
  }

  /**
   * The private broker node's short name (faafo-NAME@localhost in FAAFO_RABBITMQ_NODE), or null.
   */
  private static String brokerName() {
    String node = System.getenv("FAAFO_RABBITMQ_NODE");
    return node == null ? null : node.replaceFirst("^faafo-", "").replaceFirst("@.*$", "");
  }

  /** bin/mariadb-node with these arguments, as DatabaseFullIT and DatabaseTlsIT run their own. */
  static String mariadbNode(String... arguments) {
    List<String> command = new ArrayList<>(List.of(script("mariadb-node")));
    command.addAll(List.of(arguments));
    return Services.run(command.toArray(String[]::new));
  }

  /**
   * On the private MariaDB server {@code server}: the databases, and a user named as the first of
   * them with {@code password}, who may use them all from 127.0.0.1.
   */
  static void createDatabases(String server, String password, String... databases) {
    StringBuilder sql =
        new StringBuilder(
            String.format(
                "CREATE USER '%s'@'127.0.0.1' IDENTIFIED BY '%s';", databases[0], password));
    for (String database : databases) {
      sql.append(
          String.format(
              " CREATE DATABASE %1$s CHARACTER SET utf8mb4;"
                  + " GRANT ALL PRIVILEGES ON %1$s.* TO '%2$s'@'127.0.0.1';",
              database, databases[0]));
    }
    mariadbNode("sql", server, "-e", sql.toString());
  }

  private static void node(String script, String... arguments) {
    List<String> command = new ArrayList<>(List.of(script(script)));
    command.addAll(List.of(arguments));
    Services.run(command.toArray(String[]::new));
  }

  private static String script(String name) {
    return Path.of(System.getProperty("faafo.home"), "bin", name).toString();
  }
}
