package fr.essor.db;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * Loads a {@link Backup} file into an empty database: the whole file is checked first (nothing is touched when it is
 * truncated or damaged), the schema is migrated by Flyway to the backup's version, then every table is loaded by
 * {@code COPY ... FROM STDIN} in the file's dependency order and the sequences are set, in one transaction. A database
 * holding any row is refused. Blocking (JDBC): a command, not the service.
 */
public final class Restore {

    /** What was loaded. */
    public record Summary(String schemaVersion, String createdAt, int tables, long rows) {
    }

    private Restore() {
    }

    public static Summary load(DatabaseUrl url, Path file) {
        BackupFile.Header header = check(file);
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
            refuseUnlessEmpty(c, url);
            Migrations.migrateTo(url, header.schemaVersion());
            c.setAutoCommit(false);
            long rows = copyIn(c, file, header);
            c.commit();
            return new Summary(header.schemaVersion(), header.createdAt(), header.tables().size(), rows);
        } catch (SQLException e) {
            throw new BackupException("restore into " + url + " failed (nothing was loaded): " + e.getMessage());
        }
    }

    /** Reads the whole file once: framing, row counts, end mark and gzip's CRC. Returns its header. */
    static BackupFile.Header check(Path file) {
        try (DataInputStream in = open(file)) {
            BackupFile.Header header = BackupFile.readHeader(in);
            BackupFile.readTables(in, header, new BackupFile.RowSink() {
                @Override
                public void begin(BackupFile.Table table) {
                }

                @Override
                public void row(byte[] row) {
                }

                @Override
                public void end(BackupFile.Table table, long rows) {
                }
            });
            return header;
        } catch (NoSuchFileException e) {
            throw new BackupException("no such file: " + file);
        } catch (IOException e) {
            throw BackupFile.explain(e);
        } catch (BackupException e) {
            throw e;
        } catch (Exception e) {
            throw new BackupException("the file cannot be read: " + e.getMessage());
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            return new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    /** Empty: no table of the schema (Flyway's history aside) holds a row, and no newer schema than the backup's. */
    private static void refuseUnlessEmpty(Connection c, DatabaseUrl url) throws SQLException {
        List<String> tables;
        try (PreparedStatement p = c.prepareStatement("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> ? ORDER BY 1")) {
            p.setString(1, Backup.FLYWAY_HISTORY);
            try (ResultSet rs = p.executeQuery()) {
                tables = new java.util.ArrayList<>();
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        try (Statement s = c.createStatement()) {
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + BackupFile.quote(table) + ")")) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        throw new BackupException("the database " + url + " is not empty (table " + table
                                + " has rows): restore only into an empty database");
                    }
                }
            }
        }
    }

    private static long copyIn(Connection c, Path file, BackupFile.Header header) throws SQLException {
        Set<String> present = Backup.tablesInDependencyOrder(c).stream().map(BackupFile.Table::name).collect(Collectors.toSet());
        for (BackupFile.Table table : header.tables()) {
            if (!present.contains(table.name())) {
                throw new BackupException("table " + table.name() + " of the backup is not in the schema at version "
                        + header.schemaVersion());
            }
        }
        try (Statement s = c.createStatement()) {
            // a migration may seed rows: the backup's rows replace them
            s.execute("TRUNCATE " + header.tables().stream().map(t -> BackupFile.quote(t.name())).collect(Collectors.joining(", ")));
        }
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        long[] total = {0};
        try (DataInputStream in = open(file)) {
            BackupFile.readHeader(in);
            BackupFile.readTables(in, header, new BackupFile.RowSink() {
                private CopyIn current;

                @Override
                public void begin(BackupFile.Table table) throws SQLException {
                    current = copy.copyIn("COPY " + BackupFile.quote(table.name()) + " (" + table.columnList() + ") FROM STDIN");
                }

                @Override
                public void row(byte[] row) throws SQLException {
                    current.writeToCopy(row, 0, row.length);
                }

                @Override
                public void end(BackupFile.Table table, long rows) throws SQLException {
                    long loaded = current.endCopy();
                    if (loaded != rows) {
                        throw new BackupException("table " + table.name() + ": " + loaded + " rows loaded of " + rows);
                    }
                    total[0] += loaded;
                }
            });
        } catch (SQLException | BackupException e) {
            throw e;
        } catch (IOException e) {
            throw BackupFile.explain(e);
        } catch (Exception e) {
            throw new BackupException("restore failed: " + e.getMessage());
        }
        try (PreparedStatement p = c.prepareStatement("SELECT setval(?::regclass, ?, ?)")) {
            for (BackupFile.Sequence sequence : header.sequences()) {
                p.setString(1, BackupFile.quote(sequence.name()));
                p.setLong(2, sequence.lastValue());
                p.setBoolean(3, sequence.isCalled());
                p.execute();
            }
        }
        return total[0];
    }
}
