package fr.essor.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
                    .start();
            LOG.info("embedded PostgreSQL started on port " + postgres.getPort() + " with data in " + pgDir);
            return new EmbeddedDatabase(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start in " + pgDir, e);
        }
    }

    /**
     * The embedded PostgreSQL of {@code dataDir} when a server already runs on it (a running essor): its
     * {@code postmaster.pid} names a live process and the port (line 4). Empty when none runs.
     */
    public static Optional<DatabaseUrl> running(Path dataDir) {
        Path pid = dataDir.resolve("pg").resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pid);
            if (lines.size() < 4 || !ProcessHandle.of(Long.parseLong(lines.get(0).trim())).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.empty();
            }
            return Optional.of(new DatabaseUrl("localhost", Integer.parseInt(lines.get(3).trim()), "postgres", "postgres", null));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
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
