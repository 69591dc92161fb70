package fr.essor.registry.imports;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV one record at a time, remembering the line each record starts on (the header is line 1), so a
 * report can name the line at fault. Quoted fields may hold the delimiter, doubled quotes and line breaks; a leading
 * BOM is dropped; blank lines are skipped (they still count as lines).
 */
final class CsvRecords {
    /** One record; {@code unterminated} when the file ended inside a quoted field. */
    record CsvRecord(int line, List<String> fields, boolean unterminated) {
    }

    private final Reader in;
    private final char delimiter;
    private int line = 1;
    private boolean started;
    private int pushedBack = -2;

    CsvRecords(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /** The next record, or null at the end of the input. */
    CsvRecord next() throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean content = false;
        int startLine = line;
        while (true) {
            int c = read();
            if (c < 0) {
                if (!content && field.length() == 0) {
                    return null;
                }
                fields.add(field.toString());
                return new CsvRecord(startLine, fields, quoted);
            }
            if (quoted) {
                if (c == '"') {
                    int n = read();
                    if (n == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        unread(n);
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    } else if (c == '\r') {
                        int n = read();
                        if (n != '\n') {
                            unread(n);
                        }
                        c = '\n';
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
                content = true;
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                content = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r') {
                    int n = read();
                    if (n != '\n') {
                        unread(n);
                    }
                }
                line++;
                if (content || field.length() > 0) {
                    fields.add(field.toString());
                    return new CsvRecord(startLine, fields, false);
                }
                startLine = line; // a blank line
            } else {
                field.append((char) c);
                content = true;
            }
        }
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        int c = in.read();
        if (!started) {
            started = true;
            if (c == '\uFEFF') {
                c = in.read();
            }
        }
        return c;
    }

    private void unread(int c) {
        pushedBack = c;
    }
}
