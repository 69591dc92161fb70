package fr.essor.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent reading of the real CSV files for tests (the way Python's csv module reads them), so assertions
 * compare what essor took with what the file says rather than with essor's own reader.
 */
public final class RawCsv {
    private final List<String[]> rows;
    private final Map<String, Integer> columns = new HashMap<>();

    private RawCsv(List<String[]> all) {
        String[] header = all.get(0);
        for (int i = 0; i < header.length; i++) {
            columns.put(header[i], i);
        }
        this.rows = all.subList(1, all.size());
    }

    public static RawCsv read(Path file) {
        try {
            return new RawCsv(parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Data rows (row i is on line i + 2 of a file without multi-line fields). */
    public List<String[]> rows() {
        return rows;
    }

    public String get(String[] row, String column) {
        return row[columns.get(column)];
    }

    /** Every record of a CSV text, the header included. */
    public static List<String[]> parse(String text) {
        List<String[]> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean q = false;
        int start = text.startsWith("\uFEFF") ? 1 : 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (q) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    q = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                q = true;
            } else if (c == ',') {
                fields.add(f.toString());
                f.setLength(0);
            } else if (c == '\n') {
                fields.add(f.toString());
                f.setLength(0);
                rows.add(fields.toArray(String[]::new));
                fields.clear();
            } else if (c != '\r') {
                f.append(c);
            }
        }
        if (f.length() > 0 || !fields.isEmpty()) {
            fields.add(f.toString());
            rows.add(fields.toArray(String[]::new));
        }
        return rows;
    }
}
