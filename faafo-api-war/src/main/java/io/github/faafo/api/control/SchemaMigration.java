package io.github.faafo.api.control;

import io.github.faafo.messaging.ResourceNames;
import io.github.faafo.node.NodeName;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the database schema to the version this build expects when the API starts, with the
 * versioned Flyway migrations in {@code db/migration}, one node at a time ({@link MigrationLock});
 * the schema is never dropped and recreated.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigration {

  private static final Logger LOG = Logger.getLogger("faafo.api");

  @Resource(lookup = ResourceNames.DATABASE)
  DataSource database;

  /** How long a node waits for another that migrates the schema. */
  private static final Duration PATIENCE = MigrationLock.EXPIRY.multipliedBy(2);

  /**
   * Runs in no transaction, as the class says: a singleton's {@code @PostConstruct} takes the
   * class's attribute on WildFly but not on Payara, which ran it in a transaction of its own (the
   * lock's row then stayed uncommitted until the end).
   */
  @PostConstruct
  @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
  void migrate() {
    String holder = NodeName.current() + "/" + UUID.randomUUID();
    try (MigrationLock lock = MigrationLock.take(database, holder, PATIENCE)) {
      MigrateResult result =
          Flyway.configure(SchemaMigration.class.getClassLoader())
              .dataSource(database)
              .locations("classpath:db/migration")
              // a new database holds the lock's table alone: Flyway would call it non-empty and
              // refuse it, so it starts a history there below V1; any other table still makes
              // Flyway refuse a database it has not migrated
              .baselineOnMigrate(holdsOnlyTheLock())
              .baselineVersion("0")
              .load()
              .migrate();
      LOG.info(
          () ->
              "database schema at version "
                  + (result.targetSchemaVersion != null
                      ? result.targetSchemaVersion
                      : result.initialSchemaVersion)
                  + " ("
                  + result.migrationsExecuted
                  + " migration(s) applied)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot migrate the database schema: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to migrate the schema", e);
    }
  }

  /** Whether the database holds no table but the migration lock's. */
  private boolean holdsOnlyTheLock() throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement();
        ResultSet others =
            statement.executeQuery(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()"
                    + " AND table_name <> '"
                    + MigrationLock.TABLE
                    + "'")) {
      others.next();
      return others.getLong(1) == 0;
    }
  }
}
