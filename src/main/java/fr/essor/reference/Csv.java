package fr.essor.reference;

import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader: quoted fields may hold the delimiter, doubled quotes and line breaks; CRLF or LF;
 * a leading BOM is dropped and blank lines are skipped. Unquoted fields are cut with substring (fast path:
 * the postcode base has 39,000 rows and is read at start-up).
 */
final class Csv {
    private Csv() {}

    /** All records of the text, header included. */
    static List<String[]> parse(String text, char delimiter) {
        List<String[]> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        int n = text.length();
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') { // blank line
                i++;
                continue;
            }
            // one record: fields separated by the delimiter, up to an unquoted line break or the end
            fields.clear();
            while (true) {
                int end;
                if (i < n && text.charAt(i) == '"') {
                    StringBuilder field = new StringBuilder();
                    i++;
                    while (true) {
                        if (i >= n) throw new IllegalArgumentException("unterminated quoted field at the end of the text");
                        char q = text.charAt(i++);
                        if (q != '"') {
                            field.append(q);
                        } else if (i < n && text.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    }
                    // anything between the closing quote and the delimiter is kept, as lenient readers do
                    end = i;
                    while (end < n && !isEnd(text.charAt(end), delimiter)) end++;
                    fields.add(end == i ? field.toString() : field.append(text, i, end).toString());
                } else {
                    end = i;
                    while (end < n && !isEnd(text.charAt(end), delimiter)) end++;
                    fields.add(text.substring(i, end));
                }
                i = end;
                if (i < n && text.charAt(i) == delimiter) {
                    i++;
                    continue;
                }
                break; // line break or end of text
            }
            records.add(fields.toArray(String[]::new));
            if (i < n && text.charAt(i) == '\r') i++;
            if (i < n && text.charAt(i) == '\n') i++;
        }
        return records;
    }

    private static boolean isEnd(char c, char delimiter) {
        return c == delimiter || c == '\n' || c == '\r';
    }
}
