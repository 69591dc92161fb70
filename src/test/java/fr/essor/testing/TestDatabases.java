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
    private static EmbeddedPostgres embedded;
    private static boolean swept;

    private TestDatabases() {
    }

    /** A new empty database, as an {@code ESSOR_DB_URL} value. */
    public static synchronized String freshDatabaseUrl() {
        DatabaseUrl server = server();
        String name = "essor_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
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

    /** Test databases of earlier runs on a shared server; one still in use (another run) is left alone. */
    private static void dropLeftovers(Statement s) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT datname FROM pg_database d WHERE datname LIKE 'essor\\_t\\_%' "
                + "AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)")) {
            while (rs.next()) {
                names.add(rs.getString(1));
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
