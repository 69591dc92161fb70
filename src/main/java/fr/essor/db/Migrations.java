package fr.essor.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

import java.util.Arrays;
import java.util.logging.Logger;

/** Flyway migrations from {@code db/migration}: idempotent, a second start on the same database applies nothing. */
public final class Migrations {
    private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

    private Migrations() {
    }

    /** Blocking (JDBC): run on a worker or in main. Returns how many migrations were applied. */
    public static int migrate(DatabaseUrl url) {
        return migrate(flyway(url).load());
    }

    /** Blocking (JDBC): migrates up to {@code version} exactly (a restore recreates the schema of its backup). */
    public static void migrateTo(DatabaseUrl url, String version) {
        Flyway flyway = flyway(url).target(version).load();
        boolean known = Arrays.stream(flyway.info().all())
                .anyMatch(m -> m.getVersion() != null && m.getVersion().getVersion().equals(version));
        if (!known) {
            throw new BackupException("the backup's schema version " + version + " is unknown to this essor: use the essor that made it, or a newer one");
        }
        var current = flyway.info().current();
        if (current != null && current.getVersion().compareTo(MigrationVersion.fromVersion(version)) > 0) {
            throw new BackupException("the database's schema (version " + current.getVersion() + ") is newer than the backup's (" + version + ")");
        }
        migrate(flyway);
    }

    private static FluentConfiguration flyway(DatabaseUrl url) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(url.jdbcUrl(), url.user(), url.password())
                .locations("classpath:db/migration")
                .connectRetries(3);
    }

    private static int migrate(Flyway flyway) {
        MigrateResult result = flyway.migrate();
        LOG.info("database schema at version " + flyway.info().current().getVersion()
                + " (" + result.migrationsExecuted + " migration(s) applied)");
        return result.migrationsExecuted;
    }
}
