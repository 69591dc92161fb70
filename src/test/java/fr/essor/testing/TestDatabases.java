package fr.essor.testing;

import fr.essor.db.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Real PostgreSQL for tests: the server named by {@code ESSOR_TEST_DB_URL} when set (CI's PostgreSQL 15), else one
 * embedded PostgreSQL 17 shared by the whole test JVM. Each call gives a fresh, empty database.
 */
public final class TestDatabases {
    /** A test database unconnected for longer than its run can have lasted is a leftover. */
    private static final long STALE_SECONDS = 3600;
    private static EmbeddedPostgres embedded;
    private static boolean swept;

    private TestDatabases() {
    }

    /** A new empty database, as an {@code ESSOR_DB_URL} value. */
    public static synchronized String freshDatabaseUrl() {
        DatabaseUrl server = server();
        // the creation time in the name: another run sweeping leftovers leaves a database it has not seen connected yet
        String name = "essor_t_" + Long.toString(System.currentTimeMillis() / 1000, 36) + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
             Statement s = c.createStatement()) {
            if (!swept) {
                dropLeftovers(s);
                swept = true;
            }
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + server, e);
        }
        return new DatabaseUrl(server.host(), server.port(), name, server.user(), server.password()).toUrl();
    }

    /**
     * Test databases of earlier runs on a shared server: none connected and created over an hour ago. One in use by
     * another run, or just created by it and not connected yet, is left alone.
     */
    private static void dropLeftovers(Statement s) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT datname FROM pg_database d WHERE datname LIKE 'essor\\_t\\_%' "
                + "AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)")) {
            while (rs.next()) {
                if (ageSeconds(rs.getString(1)) > STALE_SECONDS) {
                    names.add(rs.getString(1));
                }
            }
        }
        for (String old : names) {
            try {
                s.execute("DROP DATABASE IF EXISTS " + old);
            } catch (SQLException e) {
                // taken meanwhile by another run: its owner will drop it
            }
        }
    }

    /** How old a test database is by its name; names without a creation time are of older runs. */
    static long ageSeconds(String name) {
        String[] parts = name.split("_");
        if (parts.length == 4) {
            try {
                return System.currentTimeMillis() / 1000 - Long.parseLong(parts[2], 36);
            } catch (NumberFormatException e) {
                return Long.MAX_VALUE;
            }
        }
        return Long.MAX_VALUE;
    }

    private static DatabaseUrl server() {
        String external = System.getenv("ESSOR_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            return DatabaseUrl.parse(external);
        }
        if (embedded == null) {
            try {
                Path dir = Files.createTempDirectory("essor-test-pg");
                embedded = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true).start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        embedded.close();
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }));
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
        }
        return new DatabaseUrl("localhost", embedded.getPort(), "postgres", "postgres", null);
    }
}
