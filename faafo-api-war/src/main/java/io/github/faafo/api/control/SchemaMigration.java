package io.github.faafo.api.control;

import io.github.faafo.messaging.ResourceNames;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the database schema to the version this build expects when the API starts, with the
 * versioned Flyway migrations in {@code db/migration}; the schema is never dropped and recreated.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SchemaMigration {

  private static final Logger LOG = Logger.getLogger("faafo.api");

  @Resource(lookup = ResourceNames.DATABASE)
  DataSource database;

  @PostConstruct
  void migrate() {
    MigrateResult result =
        Flyway.configure(SchemaMigration.class.getClassLoader())
            .dataSource(database)
            .locations("classpath:db/migration")
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
  }
}
