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

  /** Drops faafo's tables and Flyway's history: the next server to boot migrates from nothing. */
  static void dropTables() {
    update("DROP TABLE IF EXISTS fractal_image, fractal, flyway_schema_history");
  }

  static long count(String where, Object... parameters) {
    return query("SELECT COUNT(*) FROM fractal WHERE " + where, parameters);
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
