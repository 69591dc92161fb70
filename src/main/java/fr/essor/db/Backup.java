package fr.essor.db;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * A consistent dump of the database: one REPEATABLE READ READ ONLY transaction (one snapshot for every table),
 * {@code COPY ... TO STDOUT} of every table of the schema but Flyway's history (the restore migrates instead), in
 * dependency order. The Lucene index is derived, so it is not saved. Blocking (JDBC): a command, not the service.
 */
public final class Backup {
    static final String FLYWAY_HISTORY = "flyway_schema_history";

    /** What was written. */
    public record Summary(String schemaVersion, int tables, long rows, long bytes) {
    }

    private Backup() {
    }

    public static Summary write(DatabaseUrl url, Path file) {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            long rows = 0;
            BackupFile.Header header;
            try (OutputStream raw = Files.newOutputStream(partial);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(raw, 1 << 16), 1 << 16))) {
                header = new BackupFile.Header(schemaVersion(c), Instant.now().toString(), c.getMetaData().getDatabaseProductVersion(),
                        tablesInDependencyOrder(c), sequences(c));
                BackupFile.writeHeader(out, header);
                var copy = c.unwrap(PGConnection.class).getCopyAPI();
                for (BackupFile.Table table : header.tables()) {
                    CopyOut rowsOut = copy.copyOut("COPY " + BackupFile.quote(table.name()) + " (" + table.columnList() + ") TO STDOUT");
                    long n = 0;
                    byte[] row;
                    while ((row = rowsOut.readFromCopy()) != null) {
                        BackupFile.writeRow(out, row);
                        n++;
                    }
                    BackupFile.endTable(out, n);
                    rows += n;
                }
                BackupFile.endFile(out);
            }
            c.commit();
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Summary(header.schemaVersion(), header.tables().size(), rows, Files.size(file));
        } catch (SQLException e) {
            deleteQuietly(partial);
            throw new BackupException("backup of " + url + " failed: " + e.getMessage());
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new BackupException("cannot write " + file + ": " + e.getMessage());
        }
    }

    private static String schemaVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM " + FLYWAY_HISTORY
                     + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            if (!rs.next()) {
                throw new BackupException("the database has no applied migration: nothing to back up");
            }
            return rs.getString(1);
        } catch (SQLException e) {
            throw new BackupException("the database is not an essor database (no Flyway history): " + e.getMessage());
        }
    }

    /** Every table of the schema but Flyway's history, each after the tables it references. */
    static List<BackupFile.Table> tablesInDependencyOrder(Connection c) throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT t.table_name, c.column_name FROM information_schema.tables t "
                + "JOIN information_schema.columns c ON c.table_schema = t.table_schema AND c.table_name = t.table_name "
                + "WHERE t.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND t.table_name <> ? "
                + "AND c.is_generated = 'NEVER' ORDER BY t.table_name, c.ordinal_position")) {
            p.setString(1, FLYWAY_HISTORY);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    columns.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        columns.keySet().forEach(t -> parents.put(t, new LinkedHashSet<>()));
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT child.relname, parent.relname FROM pg_constraint k "
                     + "JOIN pg_class child ON child.oid = k.conrelid JOIN pg_class parent ON parent.oid = k.confrelid "
                     + "WHERE k.contype = 'f' AND child.relnamespace = current_schema()::regnamespace")) {
            while (rs.next()) {
                // a table referencing itself is fine: COPY checks its rows at the end of the statement
                if (parents.containsKey(rs.getString(1)) && !rs.getString(1).equals(rs.getString(2))) {
                    parents.get(rs.getString(1)).add(rs.getString(2));
                }
            }
        }
        List<BackupFile.Table> ordered = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (placed.size() < columns.size()) {
            boolean progress = false;
            for (String table : columns.keySet()) {
                if (!placed.contains(table) && placed.containsAll(parents.get(table))) {
                    placed.add(table);
                    ordered.add(new BackupFile.Table(table, columns.get(table)));
                    progress = true;
                }
            }
            if (!progress) {
                throw new BackupException("the tables' foreign keys form a cycle: no order to restore them in");
            }
        }
        return ordered;
    }

    /** Each sequence's own last_value and is_called, read from it as pg_dump does: exact, and defined for a sequence never used. */
    private static List<BackupFile.Sequence> sequences(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema() ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        List<BackupFile.Sequence> out = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            for (String name : names) {
                try (ResultSet rs = s.executeQuery("SELECT last_value, is_called FROM " + BackupFile.quote(name))) {
                    rs.next();
                    out.add(new BackupFile.Sequence(name, rs.getLong(1), rs.getBoolean(2)));
                }
            }
        }
        return out;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the error being reported matters more
        }
    }
}
