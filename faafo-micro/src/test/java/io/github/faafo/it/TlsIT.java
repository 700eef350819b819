package io.github.faafo.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The links over TLS: a private MariaDB (bin/mariadb-node) and a private RabbitMQ node
 * (bin/rabbitmq-node) that take TLS connections only, their certificates from a CA that
 * bin/tls-certs makes for this run. A whole node that verifies both peers against that CA works end
 * to end; nodes that cannot verify a peer (another CA, or a host name the certificate does not
 * name) refuse it, say why, are not ready, and one whose trust store is put right recovers without
 * a restart. The first node's API also answers over HTTPS, with a certificate of the same CA.
 */
@ExtendWith(CleanSlate.class)
class TlsIT {

  private static final String DATABASE_NODE = "tls";
  private static final int DATABASE_PORT = 3314;
  private static final String DATABASE = "faafo_tls";

  /** The broker node's short name; its certificate names localhost only, not 127.0.0.1. */
  private static final String BROKER_NODE = "tls-broker";

  private static final int BROKER_PORT = 5714;

  /** The database of the node that must not get in: it would create it and its tables. */
  private static final String UNREACHED = "faafo_tls_unreached";

  private static final String PASSWORD = UUID.randomUUID().toString();
  private static final Path HOME = Path.of(System.getProperty("faafo.home"));
  private static final Path CERTS = HOME.resolve("target/tls-it");
  private static final Path OTHER_CA = HOME.resolve("target/tls-it-other");

  /** The trust store a node is given by path, and which the test swaps. */
  private static final Path SWAPPED = HOME.resolve("target/tls-it-swapped/truststore.p12");

  @BeforeAll
  static void startServers() throws Exception {
    tlsCerts(CERTS, DATABASE_NODE, "127.0.0.1", "localhost");
    tlsCerts(CERTS, BROKER_NODE, "localhost");
    tlsCerts(OTHER_CA, "other", "127.0.0.1", "localhost");
    Services.run(
        "env",
        "MARIADB_NODE_TLS_DIR=" + CERTS,
        HOME.resolve("bin/mariadb-node").toString(),
        "start",
        DATABASE_NODE,
        String.valueOf(DATABASE_PORT));
    Services.run(
        "env",
        "RABBITMQ_NODE_TLS_DIR=" + CERTS,
        HOME.resolve("bin/rabbitmq-node").toString(),
        "start",
        BROKER_NODE,
        String.valueOf(BROKER_PORT));
    PrivateServers.createDatabases(DATABASE_NODE, PASSWORD, DATABASE, UNREACHED);
  }

  @AfterAll
  static void stopServers() {
    PrivateServers.mariadbNode("stop", DATABASE_NODE);
    Services.run(HOME.resolve("bin/rabbitmq-node").toString(), "stop", BROKER_NODE);
    Services.run(
        "rm", "-rf", CERTS.toString(), OTHER_CA.toString(), SWAPPED.getParent().toString());
  }

  @Test
  void aNodeThatVerifiesBothPeersWorksEndToEndOverTls() throws Exception {
    long acceptedBefore = sslAccepts();
    Map<String, String> environment = new HashMap<>(onTheDatabase(DATABASE, CERTS));
    environment.putAll(onTheBroker("localhost", CERTS.resolve("truststore.p12")));
    try (WorkerNode node = WorkerNode.startFull("node-tls", 18387, https(18487), environment)) {
      Api api = Api.overTls(new URL("https://localhost:18487/"), trustingThisRunsCa());
      String uuid = createAndAwaitDone(api);
      Api.Reply changed =
          api.send(
              "PUT",
              "api/fractal/" + uuid,
              "application/json",
              "{\"generated_by\":\"over-https\"}",
              Api.admin());
      assertEquals(200, changed.status(), "the administrator's PUT over HTTPS: " + changed.text());
      // both servers take nothing but TLS: every connection was one
      assertTrue(sslAccepts() > acceptedBefore, "the database accepted no TLS connection");
      List<String> connections =
          List.of(brokerCtl("list_connections", "ssl", "--no-table-headers").split("\\R"));
      assertTrue(
          !connections.isEmpty() && connections.stream().allMatch(c -> c.strip().equals("true")),
          "the broker's connections, TLS or not: " + connections);
      Report.line(
          "links over TLS",
          String.format(
              "a node verifying the database (sslMode VERIFY_IDENTITY) and the broker (host name"
                  + " checked) against this run's CA, both servers TLS only, its API over HTTPS"
                  + " with a certificate of the same CA: fractal %s created and done, the"
                  + " administrator's PUT accepted;"
                  + " %d TLS connections to the database, %d to the broker",
              uuid, sslAccepts() - acceptedBefore, connections.size()));
    }
  }

  @Test
  void peersThatCannotBeVerifiedAreRefusedWithTheReasonAndANodeRecoversOnceItsTrustStoreIsRight()
      throws Exception {
    Files.createDirectories(SWAPPED.getParent());
    // the other CA's certificate, under the password of this run's trust store
    Services.run(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-importcert",
        "-noprompt",
        "-alias",
        "other-ca",
        "-file",
        OTHER_CA.resolve("ca.pem").toString(),
        "-keystore",
        SWAPPED.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        trustStorePassword(CERTS));
    String brokerUrl = "amqps://localhost:" + BROKER_PORT;
    try (WorkerNode untrustingBroker =
        WorkerNode.launchFull(
            "node-untrusting-broker", 18389, Map.of(), onTheBroker("localhost", SWAPPED))) {
      Api untrusting = new Api(new URL("http://localhost:18389/"));
      // the other two are gone before the trust store is put right: the one of them on the same
      // database could hold the sweep that dispatches the create made meanwhile
      try (WorkerNode untrustingDatabase =
              WorkerNode.launchFull(
                  "node-untrusting-db", 18388, Map.of(), onTheDatabase(UNREACHED, OTHER_CA));
          WorkerNode wrongHost =
              WorkerNode.launchFull(
                  "node-wrong-host",
                  18390,
                  Map.of(),
                  onTheBroker("127.0.0.1", CERTS.resolve("truststore.p12")))) {
        await()
            .atMost(Duration.ofMinutes(4))
            .until(
                () ->
                    untrustingDatabase.lines("Path does not chain with any of the trust anchors")
                        > 0);
        assertEquals(
            0,
            countTables(UNREACHED),
            "the node that does not trust the database's certificate created tables there");
        awaitRefused(
            wrongHost,
            new Api(new URL("http://localhost:18390/")),
            "cannot consume from amqps://127.0.0.1:" + BROKER_PORT,
            "No subject alternative names matching IP address 127.0.0.1");
      }
      awaitRefused(
          untrustingBroker,
          untrusting,
          "cannot consume from " + brokerUrl,
          "unable to find valid certification path");

      // a create meanwhile is kept or refused, never lost
      Api.Reply meanwhile = untrusting.post("api/fractal", SMALL);
      assertTrue(
          meanwhile.status() == 201
              || (meanwhile.status() == 503 && !meanwhile.header("Retry-After").isEmpty()),
          "a create while the broker is refused: " + meanwhile.status() + " " + meanwhile.text());

      // the admin puts the right trust store in place: the next reconnect reads it
      Files.copy(CERTS.resolve("truststore.p12"), SWAPPED, StandardCopyOption.REPLACE_EXISTING);
      long swapped = System.nanoTime();
      try {
        await()
            .atMost(Duration.ofMinutes(2))
            .until(() -> untrusting.get("health/ready").status() == 200);
      } catch (ConditionTimeoutException e) {
        throw new AssertionError(
            "not ready with the right trust store: "
                + untrusting.get("health/ready").text()
                + "; last problems: "
                + untrustingBroker.lastProblems(8),
            e);
      }
      double recovered = (System.nanoTime() - swapped) / 1e9;
      if (meanwhile.status() == 201) {
        String uuid = meanwhile.json().getString("uuid");
        await()
            .atMost(Deadline.forRendering(1, 64, 48, 64).plus(Duration.ofMinutes(2)))
            .until(
                () ->
                    "done"
                        .equals(untrusting.get("api/fractal/" + uuid).json().getString("status")));
      }
      createAndAwaitDone(untrusting);
      Report.line(
          "peers that cannot be verified",
          String.format(
              "database with another CA's certificate, broker with another CA's and broker named"
                  + " by an address its certificate lacks: each refused with the reason in the log,"
                  + " not ready; the create meanwhile answered %d; trust store replaced: ready"
                  + " after %.1f s without a restart, every create done",
              meanwhile.status(), recovered));
    }
  }

  private static final String SMALL =
      "{\"width\":64,\"height\":48,\"iterations\":64,\"xa\":-2.0,\"xb\":2.0,\"ya\":-1.5,\"yb\":1.5}";

  private static String createAndAwaitDone(Api api) throws Exception {
    Api.Reply created = api.post("api/fractal", SMALL);
    assertEquals(201, created.status(), created.text());
    String uuid = created.json().getString("uuid");
    await()
        .atMost(Deadline.forRendering(1, 64, 48, 64))
        .until(() -> "done".equals(api.get("api/fractal/" + uuid).json().getString("status")));
    return uuid;
  }

  /**
   * Waits until the node says in its log that it cannot consume from the broker, and why, and its
   * readiness answers DOWN for the broker's consumers.
   */
  private static void awaitRefused(WorkerNode node, Api api, String line, String reason) {
    try {
      await()
          .atMost(Duration.ofMinutes(4))
          .until(() -> node.lines(line) > 0 && node.lines(reason) > 0);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          node.name()
              + " never logged '"
              + line
              + "' for '"
              + reason
              + "'; its last problems: "
              + node.lastProblems(8),
          e);
    }
    // (until the API is deployed, the node answers 503 without the check's body)
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () -> {
              Api.Reply reply = api.get("health/ready");
              return reply.status() == 503 && reply.text().contains("\"checks\"");
            });
    JsonObject ready = api.get("health/ready").json();
    assertEquals("DOWN", ready.getString("status"), ready.toString());
    assertTrue(
        ready.toString().contains("not connected to the broker"),
        node.name() + "'s readiness: " + ready);
  }

  /**
   * The settings of a node whose API also listens for HTTPS on {@code port}, with a key store made
   * from a certificate of this run's CA for localhost: the system properties bin/run writes too.
   */
  private static Map<String, String> https(int port) {
    Path keyStore = CERTS.resolve("https.p12");
    if (!Files.exists(keyStore)) {
      tlsCerts(CERTS, "https", "localhost");
    }
    return Map.of(
        "payaramicro.sslPort",
        String.valueOf(port),
        "payaramicro.sslCert",
        "faafo",
        "javax.net.ssl.keyStore",
        keyStore.toString(),
        "javax.net.ssl.keyStoreType",
        "PKCS12",
        "javax.net.ssl.keyStorePassword",
        trustStorePassword(CERTS));
  }

  /** A client's TLS that trusts this run's CA alone. */
  private static SSLContext trustingThisRunsCa() throws Exception {
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(
        KeyStore.getInstance(
            CERTS.resolve("truststore.p12").toFile(), trustStorePassword(CERTS).toCharArray()));
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  /** The settings of a node on the TLS database with the trust store of {@code certs}. */
  private static Map<String, String> onTheDatabase(String database, Path certs) throws Exception {
    return Map.of(
        "FAAFO_DB_HOST",
        "127.0.0.1",
        "FAAFO_DB_PORT",
        String.valueOf(DATABASE_PORT),
        "FAAFO_DB_NAME",
        database,
        "FAAFO_DB_USER",
        DATABASE,
        "FAAFO_DB_PASSWORD",
        PASSWORD,
        "FAAFO_DB_SSL_MODE",
        "VERIFY_IDENTITY",
        "FAAFO_DB_TRUST_STORE_URL",
        certs.resolve("truststore.p12").toUri().toString(),
        "FAAFO_DB_TRUST_STORE_PASSWORD",
        trustStorePassword(certs));
  }

  /** The settings of a node on the TLS broker, reached as {@code host}, trusting {@code store}. */
  private static Map<String, String> onTheBroker(String host, Path store) throws Exception {
    return Map.of(
        "FAAFO_RABBITMQ_HOST",
        host,
        "FAAFO_RABBITMQ_PORT",
        String.valueOf(BROKER_PORT),
        "FAAFO_RABBITMQ_VHOST",
        "/",
        "FAAFO_RABBITMQ_TLS",
        "true",
        "FAAFO_RABBITMQ_TRUST_STORE",
        store.toString(),
        "FAAFO_RABBITMQ_TRUST_STORE_PASSWORD",
        trustStorePassword(CERTS));
  }

  private static String trustStorePassword(Path certs) {
    try {
      return Files.readString(certs.resolve("truststore-password")).strip();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String brokerCtl(String... arguments) {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(HOME.resolve("bin/rabbitmq-node").toString(), "ctl", BROKER_NODE));
    command.addAll(List.of(arguments));
    return Services.run(command.toArray(String[]::new));
  }

  private static long sslAccepts() {
    return Long.parseLong(
        PrivateServers.mariadbNode(
                "sql", DATABASE_NODE, "-N", "-B", "-e", "SHOW GLOBAL STATUS LIKE 'Ssl_accepts'")
            .strip()
            .split("\\s+")[1]);
  }

  private static long countTables(String database) {
    return Long.parseLong(
        PrivateServers.mariadbNode(
                "sql",
                DATABASE_NODE,
                "-N",
                "-B",
                "-e",
                "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                    + database
                    + "'")
            .strip());
  }

  private static void tlsCerts(Path dir, String name, String... hosts) {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(HOME.resolve("bin/tls-certs").toString(), dir.toString(), name));
    command.addAll(List.of(hosts));
    Services.run(command.toArray(String[]::new));
  }
}
