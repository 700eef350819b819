package io.github.faafo.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The database over TLS: a private MariaDB (bin/mariadb-node) that takes TLS connections only, its
 * certificate from a CA that bin/tls-certs makes for this run. A whole node whose pool verifies the
 * server's identity against that CA works end to end; a node given another CA's trust store refuses
 * the server and says why.
 */
@ExtendWith(CleanSlate.class)
class DatabaseTlsIT {

  private static final String NAME = "tls";
  private static final int PORT = 3314;
  private static final String DATABASE = "faafo_tls";

  /** The database of the node that must not get in: it would create it and its tables. */
  private static final String UNREACHED = "faafo_tls_unreached";

  private static final String PASSWORD = UUID.randomUUID().toString();
  private static final Path CERTS = Path.of(System.getProperty("faafo.home"), "target", "tls-it");
  private static final Path OTHER_CA =
      Path.of(System.getProperty("faafo.home"), "target", "tls-it-other");

  @BeforeAll
  static void startDatabase() {
    tlsCerts(CERTS, NAME);
    tlsCerts(OTHER_CA, "other");
    Services.run(
        "env",
        "MARIADB_NODE_TLS_DIR=" + CERTS,
        Path.of(System.getProperty("faafo.home"), "bin", "mariadb-node").toString(),
        "start",
        NAME,
        String.valueOf(PORT));
    PrivateServers.createDatabases(NAME, PASSWORD, DATABASE, UNREACHED);
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    PrivateServers.mariadbNode("stop", NAME);
    Services.run("rm", "-rf", CERTS.toString(), OTHER_CA.toString());
  }

  @Test
  void aNodeThatVerifiesTheDatabasesIdentityWorksEndToEndOverTls() throws Exception {
    long acceptedBefore = sslAccepts();
    try (WorkerNode node =
        WorkerNode.startFull(
            "node-tls", 18387, Map.of(), onTheDatabase(DATABASE, CERTS, "VERIFY_IDENTITY"))) {
      Api api = new Api(new URL("http://localhost:18387/"));
      Api.Reply created =
          api.post(
              "api/fractal",
              "{\"width\":64,\"height\":48,\"iterations\":64,\"xa\":-2.0,\"xb\":2.0,\"ya\":-1.5,"
                  + "\"yb\":1.5}");
      assertEquals(201, created.status(), created.text());
      String uuid = created.json().getString("uuid");
      await()
          .atMost(Deadline.forRendering(1, 64, 48, 64))
          .until(() -> "done".equals(api.get("api/fractal/" + uuid).json().getString("status")));
      // the server takes nothing but TLS (require_secure_transport): every connection was one
      assertTrue(sslAccepts() > acceptedBefore, "the database accepted no TLS connection");
      Report.line(
          "database over TLS",
          String.format(
              "a node with sslMode VERIFY_IDENTITY against this run's CA on a MariaDB that takes"
                  + " TLS only: a fractal created and done; %d TLS connections accepted",
              sslAccepts() - acceptedBefore));
    }
  }

  @Test
  void aNodeThatDoesNotTrustTheDatabasesCertificateRefusesItAndSaysWhy() throws Exception {
    try (WorkerNode node =
        WorkerNode.launchFull(
            "node-untrusting",
            18388,
            Map.of(),
            onTheDatabase(UNREACHED, OTHER_CA, "VERIFY_IDENTITY"))) {
      await()
          .atMost(Duration.ofMinutes(3))
          .until(() -> node.lines("Path does not chain with any of the trust anchors") > 0);
      assertEquals(
          0,
          countTables(UNREACHED),
          "the node that does not trust the server's certificate created tables there");
    }
  }

  /** The settings of a node on the TLS database, with the trust store of {@code certs}. */
  private static Map<String, String> onTheDatabase(String database, Path certs, String mode)
      throws Exception {
    return Map.of(
        "FAAFO_DB_HOST",
        "127.0.0.1",
        "FAAFO_DB_PORT",
        String.valueOf(PORT),
        "FAAFO_DB_NAME",
        database,
        "FAAFO_DB_USER",
        DATABASE,
        "FAAFO_DB_PASSWORD",
        PASSWORD,
        "FAAFO_DB_SSL_MODE",
        mode,
        "FAAFO_DB_TRUST_STORE_URL",
        certs.resolve("truststore.p12").toUri().toString(),
        "FAAFO_DB_TRUST_STORE_PASSWORD",
        Files.readString(certs.resolve("truststore-password")).strip());
  }

  private static long sslAccepts() {
    return Long.parseLong(
        PrivateServers.mariadbNode(
                "sql", NAME, "-N", "-B", "-e", "SHOW GLOBAL STATUS LIKE 'Ssl_accepts'")
            .strip()
            .split("\\s+")[1]);
  }

  private static long countTables(String database) {
    return Long.parseLong(
        PrivateServers.mariadbNode(
                "sql",
                NAME,
                "-N",
                "-B",
                "-e",
                "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
                    + database
                    + "'")
            .strip());
  }

  private static void tlsCerts(Path dir, String name) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("faafo.home"), "bin", "tls-certs").toString());
    command.addAll(List.of(dir.toString(), name, "127.0.0.1", "localhost"));
    Services.run(command.toArray(String[]::new));
  }
}
