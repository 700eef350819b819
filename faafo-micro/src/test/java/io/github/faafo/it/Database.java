package io.github.faafo.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Direct access to the faafo database, to arrange records and to check what the system stored. */
final class Database {

  private Database() {}

  static Connection connect() throws SQLException {
    String url =
        "jdbc:mysql://"
            + env("FAAFO_DB_HOST", "127.0.0.1")
            + ":"
            + env("FAAFO_DB_PORT", "3306")
            + "/"
            + env("FAAFO_DB_NAME", "faafo");
    return DriverManager.getConnection(
        url, env("FAAFO_DB_USER", "faafo"), env("FAAFO_DB_PASSWORD", ""));
  }

  /**
   * Drops faafo's tables (their triggers go with them), Flyway's history and the migration lock:
   * the next server to boot migrates from nothing.
   */
  static void dropTables() {
    update(
        "DROP TABLE IF EXISTS fractal_image, fractal, fractal_count, fractal_block_count,"
            + " producer_lease, flyway_schema_history, faafo_migration_lock");
  }

  /**
   * A pending 24 × 24 × 32 record, dispatched {@code attempts} times, last at {@code dispatchedAt}
   * (SQL): in the future, the stuck-task sweep leaves it alone, as if its task were on its way; in
   * the past, the sweep takes it for one whose requestor died.
   */
  static String pendingRecord(String dispatchedAt, int attempts) {
    return pendingRecord(null, dispatchedAt, attempts);
  }

  /** A pending record whose task is, as far as the sweep knows, on its way for another hour. */
  static String pendingRecord() {
    return pendingRecord(null, "UTC_TIMESTAMP(3) + INTERVAL 1 HOUR", 1);
  }

  /**
   * A pending record as {@link #pendingRecord()} makes it, but at {@code seq} in the creation
   * order, as if that many records had been created before it.
   */
  static String pendingRecordAt(long seq) {
    return pendingRecord(seq, "UTC_TIMESTAMP(3) + INTERVAL 1 HOUR", 1);
  }

  /** A pending record at {@code seq} (null: the next one). */
  private static String pendingRecord(Long seq, String dispatchedAt, int attempts) {
    String uuid = java.util.UUID.randomUUID().toString();
    update(
        "INSERT INTO fractal (seq, uuid, width, height, iterations, xa, xb, ya, yb, status,"
            + " attempts, dispatched_at, created_at, updated_at) VALUES (?, ?, 24, 24, 32, -2, 2,"
            + " -2, 2, 'pending', ?, "
            + dispatchedAt
            + ", UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))",
        seq,
        uuid,
        attempts);
    return uuid;
  }

  /** Deadlocks InnoDB has resolved since the server started (all its databases). */
  static long deadlocks() {
    return query(
        "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS"
            + " WHERE VARIABLE_NAME = 'INNODB_DEADLOCKS'");
  }

  static long count(String where, Object... parameters) {
    return query("SELECT COUNT(*) FROM fractal WHERE " + where, parameters);
  }

  /** The status of record {@code uuid} as the database holds it (null when there is none). */
  static String status(String uuid) {
    return text("SELECT status FROM fractal WHERE uuid = ?", uuid);
  }

  static String text(String sql, Object... parameters) {
    try (Connection c = connect();
        PreparedStatement statement = prepare(c, sql, parameters);
        ResultSet rows = statement.executeQuery()) {
      return rows.next() ? rows.getString(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static int update(String sql, Object... parameters) {
    try (Connection c = connect();
        PreparedStatement statement = prepare(c, sql, parameters)) {
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long query(String sql, Object... parameters) {
    try (Connection c = connect();
        PreparedStatement statement = prepare(c, sql, parameters);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... parameters)
      throws SQLException {
    PreparedStatement statement = c.prepareStatement(sql);
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
    return statement;
  }

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }
}
