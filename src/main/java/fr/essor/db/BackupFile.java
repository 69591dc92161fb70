package fr.essor.db;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipException;

/**
 * The layout of a backup file, gzip'd: a magic line, a JSON header (Flyway schema version, the tables in dependency
 * order with their columns, the sequences' values), then each table's rows in PostgreSQL's COPY text format, each row
 * framed by its length, the table closed by its row count, and an end mark. Truncation or corruption is caught by the
 * framing, the row counts and gzip's own CRC.
 */
final class BackupFile {
    static final byte[] MAGIC = "ESSOR-BACKUP 1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int END_OF_TABLE = -1;
    private static final int END_OF_FILE = 0x454E4421; // "END!"
    private static final int MAX_HEADER = 16 << 20;
    private static final int MAX_ROW = 256 << 20;

    /** A table as dumped: its name and the columns copied, in order. */
    record Table(String name, List<String> columns) {
        String columnList() {
            return String.join(", ", columns.stream().map(BackupFile::quote).toList());
        }
    }

    /** A sequence's state when the backup was taken, as {@code setval(name, lastValue, isCalled)} sets it again. */
    record Sequence(String name, long lastValue, boolean isCalled) {
    }

    record Header(String schemaVersion, String createdAt, String server, List<Table> tables, List<Sequence> sequences) {
        JsonObject toJson() {
            JsonArray t = new JsonArray();
            tables.forEach(table -> t.add(new JsonObject().put("name", table.name()).put("columns", new JsonArray(table.columns()))));
            JsonArray s = new JsonArray();
            sequences.forEach(seq -> s.add(new JsonObject().put("name", seq.name()).put("lastValue", seq.lastValue())
                    .put("isCalled", seq.isCalled())));
            return new JsonObject().put("schemaVersion", schemaVersion).put("createdAt", createdAt).put("server", server)
                    .put("tables", t).put("sequences", s);
        }

        static Header fromJson(JsonObject json) {
            List<Table> tables = new ArrayList<>();
            for (Object o : json.getJsonArray("tables")) {
                JsonObject t = (JsonObject) o;
                tables.add(new Table(t.getString("name"), t.getJsonArray("columns").stream().map(String.class::cast).toList()));
            }
            List<Sequence> sequences = new ArrayList<>();
            for (Object o : json.getJsonArray("sequences")) {
                JsonObject s = (JsonObject) o;
                sequences.add(new Sequence(s.getString("name"), s.getLong("lastValue"), s.getBoolean("isCalled")));
            }
            String version = json.getString("schemaVersion");
            if (version == null || tables.isEmpty()) {
                throw new IllegalArgumentException("header without schema version or tables");
            }
            return new Header(version, json.getString("createdAt"), json.getString("server"), tables, sequences);
        }
    }

    /** Receives a table's rows while a backup file is read. */
    interface RowSink {
        void begin(Table table) throws Exception;

        void row(byte[] row) throws Exception;

        void end(Table table, long rows) throws Exception;
    }

    private BackupFile() {
    }

    static void writeHeader(DataOutputStream out, Header header) throws IOException {
        out.write(MAGIC);
        byte[] json = header.toJson().encode().getBytes(StandardCharsets.UTF_8);
        out.writeInt(json.length);
        out.write(json);
    }

    static void writeRow(DataOutputStream out, byte[] row) throws IOException {
        out.writeInt(row.length);
        out.write(row);
    }

    static void endTable(DataOutputStream out, long rows) throws IOException {
        out.writeInt(END_OF_TABLE);
        out.writeLong(rows);
    }

    static void endFile(DataOutputStream out) throws IOException {
        out.writeInt(END_OF_FILE);
    }

    static Header readHeader(DataInputStream in) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new BackupException("not an essor backup (unknown first line)");
        }
        int length = in.readInt();
        if (length <= 0 || length > MAX_HEADER) {
            throw new BackupException("corrupt header");
        }
        byte[] json = new byte[length];
        in.readFully(json);
        try {
            return Header.fromJson(new JsonObject(new String(json, StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            throw new BackupException("corrupt header: " + e.getMessage());
        }
    }

    /** Reads every table's rows after the header into {@code sink}; checks the framing, the counts and the end mark. */
    static void readTables(DataInputStream in, Header header, RowSink sink) throws Exception {
        for (Table table : header.tables()) {
            sink.begin(table);
            long rows = 0;
            while (true) {
                int length = in.readInt();
                if (length == END_OF_TABLE) {
                    break;
                }
                if (length < 0 || length > MAX_ROW) {
                    throw new BackupException("corrupt data in table " + table.name() + " after " + rows + " rows");
                }
                byte[] row = new byte[length];
                in.readFully(row);
                sink.row(row);
                rows++;
            }
            long written = in.readLong();
            if (written != rows) {
                throw new BackupException("table " + table.name() + ": " + rows + " rows read, " + written + " written");
            }
            sink.end(table, rows);
        }
        if (in.readInt() != END_OF_FILE) {
            throw new BackupException("corrupt file: no end mark after the last table");
        }
        if (in.read() != -1) {
            throw new BackupException("corrupt file: data after the end mark");
        }
    }

    /** What a read failure means to the user: a truncated or damaged file, said in one line. */
    static BackupException explain(IOException e) {
        if (e instanceof EOFException) {
            return new BackupException("the file is truncated (it ends before the backup does)");
        }
        if (e instanceof ZipException) {
            return new BackupException("the file is corrupt (" + e.getMessage() + ")");
        }
        return new BackupException("the file cannot be read: " + e.getMessage());
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
