package io.github.faafo.api.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Lets one node at a time migrate the schema, on a Galera cluster too, where Flyway's own lock
 * holds only on the node it runs on: a row in {@code faafo_migration_lock} that only one insert can
 * make (two nodes' inserts of it fail certification but one), removed when the migration is over,
 * or taken over once it has expired (a node that died while migrating).
 */
final class MigrationLock implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger("faafo.api");

  static final String TABLE = "faafo_migration_lock";

  /** How long a holder may take before another node may take the lock over. */
  static final Duration EXPIRY = Duration.ofMinutes(10);

  private static final Duration PAUSE = Duration.ofSeconds(1);

  private final DataSource database;
  private final String holder;

  private MigrationLock(DataSource database, String holder) {
    this.database = database;
    this.holder = holder;
  }

  /** Waits, at most {@code patience}, until {@code holder} holds the lock. */
  static MigrationLock take(DataSource database, String holder, Duration patience)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    String waitingFor = null;
    try (Connection connection = committing(database)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE TABLE IF NOT EXISTS "
                + TABLE
                + " ("
                + " name VARCHAR(32) NOT NULL PRIMARY KEY,"
                + " holder VARCHAR(200) NOT NULL,"
                + " expires_at DATETIME(3) NOT NULL)");
      }
      while (true) {
        try {
          tryToTake(connection, holder);
          return new MigrationLock(database, holder);
        } catch (SQLException e) {
          if (!taken(e)) {
            throw e;
          }
        }
        String current = currentHolder(connection);
        if (current != null && !current.equals(waitingFor)) {
          waitingFor = current;
          LOG.info("waiting for " + current + " to finish migrating the schema");
        }
        if (System.nanoTime() > deadline) {
          throw new SQLException(
              "the schema migration lock is still held by "
                  + current
                  + " after "
                  + patience.toSeconds()
                  + " s");
        }
        Thread.sleep(PAUSE.toMillis());
      }
    }
  }

  @Override
  public void close() throws SQLException {
    try (Connection connection = committing(database);
        PreparedStatement release =
            connection.prepareStatement(
                "DELETE FROM " + TABLE + " WHERE name = 'migrate' AND holder = ?")) {
      release.setString(1, holder);
      release.executeUpdate();
    }
  }

  /**
   * A connection whose every statement commits at once, so that the lock row is seen by all nodes
   * as soon as it is made or removed (a pooled connection may be handed over with autocommit off;
   * the caller runs in no transaction, where turning it on is allowed).
   */
  private static Connection committing(DataSource database) throws SQLException {
    Connection connection = database.getConnection();
    try {
      connection.setAutoCommit(true);
      return connection;
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  private static void tryToTake(Connection connection, String holder) throws SQLException {
    try (Statement expired = connection.createStatement()) {
      expired.executeUpdate(
          "DELETE FROM " + TABLE + " WHERE name = 'migrate' AND expires_at < UTC_TIMESTAMP(3)");
    }
    try (PreparedStatement take =
        connection.prepareStatement(
            "INSERT INTO "
                + TABLE
                + " (name, holder, expires_at)"
                + " VALUES ('migrate', ?, UTC_TIMESTAMP(3) + INTERVAL ? SECOND)")) {
      take.setString(1, holder);
      take.setLong(2, EXPIRY.toSeconds());
      take.executeUpdate();
    }
  }

  private static String currentHolder(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        var rows =
            statement.executeQuery("SELECT holder FROM " + TABLE + " WHERE name = 'migrate'")) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  /**
   * Whether the insert failed because another node holds the row: a duplicate key (MySQL error
   * 1062) on one node, a certification conflict (a deadlock, 1213) between two Galera nodes.
   */
  private static boolean taken(SQLException e) {
    return e.getErrorCode() == 1062 || e.getErrorCode() == 1213;
  }
}
