package fr.essor.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import java.util.logging.Logger;

/** Flyway migrations from {@code db/migration}: idempotent, a second start on the same database applies nothing. */
public final class Migrations {
    private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

    private Migrations() {
    }

    /** Blocking (JDBC): run on a worker or in main. Returns how many migrations were applied. */
    public static int migrate(DatabaseUrl url) {
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(url.jdbcUrl(), url.user(), url.password())
                .locations("classpath:db/migration")
                .connectRetries(3)
                .load();
        MigrateResult result = flyway.migrate();
        LOG.info("database schema at version " + flyway.info().current().getVersion()
                + " (" + result.migrationsExecuted + " migration(s) applied)");
        return result.migrationsExecuted;
    }
}
