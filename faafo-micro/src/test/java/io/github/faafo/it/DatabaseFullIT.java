package io.github.faafo.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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
 * A database with no room left: a private MariaDB (bin/mariadb-node) whose one data file is capped,
 * so that it answers error 1114 without filling the machine's disk. The API answers 503 and stores
 * nothing; the tasks it accepted before are not lost: their results, which arrive while the
 * database is full, wait in the producer's retry until the administrator has given it room (a
 * restart with the cap lifted). The class's own system is a node with the API and the producer on
 * that database, and a worker-only node started when the database is full.
 */
@ExtendWith(CleanSlate.class)
class DatabaseFullIT {

  private static final String NAME = "full";
  private static final int PORT = 3313;
  private static final String DATABASE = "faafo_full";
  private static final String PASSWORD = UUID.randomUUID().toString();

  /** One data file of 32 MB that does not grow, and every table inside it. */
  private static final String CAPPED = "--innodb-data-file-path=ibdata1:32M:autoextend:max:32M";

  private static final String PER_TABLE = "--innodb-file-per-table=0";

  /** The same data file, given room to grow. */
  private static final String ROOMY = "--innodb-data-file-path=ibdata1:32M:autoextend";

  /** Images of tens of kilobytes, stored off the row's page: they need room of their own. */
  private static final String TASK =
      "{\"width\":800,\"height\":600,\"iterations\":200,\"xa\":-2.0,\"xb\":2.0,\"ya\":-1.5,\"yb\":1.5}";

  /** Results wait in the producer's retry while the database is full: no sweep meanwhile. */
  private static final Map<String, String> SETTINGS =
      Map.of("faafo.producer.reply-timeout-seconds", "600");

  private static final Map<String, String> ON_THE_FULL_DATABASE =
      Map.of(
          "FAAFO_DB_HOST", "127.0.0.1",
          "FAAFO_DB_PORT", String.valueOf(PORT),
          "FAAFO_DB_NAME", DATABASE,
          "FAAFO_DB_USER", DATABASE,
          "FAAFO_DB_PASSWORD", PASSWORD);

  @BeforeAll
  static void startDatabase() {
    script("start", NAME, String.valueOf(PORT), CAPPED, PER_TABLE);
    PrivateServers.createDatabases(NAME, PASSWORD, DATABASE);
  }

  @AfterAll
  static void stopDatabase() {
    script("stop", NAME);
  }

  @Test
  void aFullDatabaseRefusesCreatesWith503AndLosesNoAcceptedTask() throws Exception {
    try (WorkerNode node =
        WorkerNode.startWithoutWorker("node-db", 18385, SETTINGS, ON_THE_FULL_DATABASE)) {
      Api api = new Api(new URL("http://localhost:18385/"));
      List<String> accepted = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Api.Reply created = api.post("api/fractal", TASK);
        assertEquals(201, created.status(), created.text());
        accepted.add(created.json().getString("uuid"));
      }

      long filled = fill(1 << 20, 1 << 14, 1 << 9);
      Api.Reply refused = api.post("api/fractal", TASK);
      // InnoDB's purge frees undo pages after the filler's failed inserts, in its own time: a
      // create may find that room; it is then a task accepted like the others, and the room it
      // did not use is filled too
      for (int round = 0; refused.status() == 201 && round < 5; round++) {
        accepted.add(refused.json().getString("uuid"));
        filled += fill(1 << 9, 1 << 6);
        refused = api.post("api/fractal", TASK);
      }
      assertEquals(503, refused.status(), refused.text());
      assertEquals("5", refused.header("Retry-After"), "a full database's 503 tells when to retry");
      assertTrue(refused.json().getString("message").contains("no room"), refused.text());
      assertEquals(
          accepted.size(),
          api.get("api/fractal").json().getInt("num_results"),
          "stored while full");

      // the tasks are rendered now: their results meet a full database (some may still find the
      // room a failed insert left behind)
      long storedWhileFull;
      try (WorkerNode worker = WorkerNode.start("worker-db", 18386)) {
        await()
            .atMost(Deadline.forRendering(accepted.size(), 800, 600, 200))
            .until(() -> worker.lines("processed in") >= accepted.size());
        storedWhileFull =
            accepted.stream().filter(uuid -> "done".equals(status(api, uuid))).count();
        // nothing can be deleted in a full data file (a delete needs room too): the administrator
        // gives it room, which takes a restart
        script("kill", NAME);
        script("restart", NAME, ROOMY, PER_TABLE);
        await()
            .atMost(Deadline.forRendering(accepted.size(), 800, 600, 200))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> accepted.stream().allMatch(uuid -> "done".equals(status(api, uuid))));
      }
      Report.line(
          "database full",
          String.format(
              "MariaDB's data file full (error 1114 after %d MB of filler): a create answered 503"
                  + " and stored nothing; the %d tasks accepted before were rendered while it was"
                  + " full (%d result(s) still found room), the others stored once it had room"
                  + " (restarted uncapped): %d done, 0 lost",
              filled >> 20, accepted.size(), storedWhileFull, accepted.size()));
    }
  }

  /**
   * Fills the data file until not even a small row fits: rows of the first size until the database
   * answers 1114, then of the next, and so on; how many bytes it took.
   */
  private static long fill(int... sizes) throws SQLException {
    long bytes = 0;
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS filler (b LONGBLOB) ENGINE=InnoDB");
      for (int size : sizes) {
        bytes += fillWith(s, size);
      }
    }
    return bytes;
  }

  /** Inserts rows of {@code size} bytes until the database answers 1114; the bytes inserted. */
  private static long fillWith(Statement s, int size) {
    for (long rows = 0; rows < (200L << 20) / size; rows++) {
      try {
        s.execute("INSERT INTO filler VALUES (REPEAT('x', " + size + "))");
      } catch (SQLException e) {
        assertEquals(1114, e.getErrorCode(), e.toString());
        return rows * size;
      }
    }
    throw new AssertionError("the capped database took 200 MB without being full");
  }

  private static String status(Api api, String uuid) {
    return api.get("api/fractal/" + uuid).json().getString("status");
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:mysql://127.0.0.1:" + PORT + "/" + DATABASE, DATABASE, PASSWORD);
  }

  private static String script(String... arguments) {
    return PrivateServers.mariadbNode(arguments);
  }
}
