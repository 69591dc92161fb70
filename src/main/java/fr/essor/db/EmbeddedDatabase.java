package fr.essor.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * PostgreSQL 17 run by the service itself when no server is configured, so {@code java -jar} works on a machine
 * that has only Java. Its data lives in {@code <dataDir>/pg} and survives restarts.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class.getName());

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Blocking: call from main or a worker. */
    public static EmbeddedDatabase start(Path dataDir) {
        Path pgDir = dataDir.resolve("pg");
        try {
            Files.createDirectories(pgDir);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgDir)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setRegisterShutdownHook(false)
                    // the library turns synchronous_commit off (made for tests): a commit answered would then be
                    // lost when the machine or PostgreSQL dies within the next ~600 ms; essor acknowledges after commit
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            LOG.info("embedded PostgreSQL started on port " + postgres.getPort() + " with data in " + pgDir);
            return new EmbeddedDatabase(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start in " + pgDir, e);
        }
    }

    public DatabaseUrl url() {
        return new DatabaseUrl("localhost", postgres.getPort(), "postgres", "postgres", null);
    }

    /** Blocking: stops the server (fast shutdown). */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not stop", e);
        }
    }
}
