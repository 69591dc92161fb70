package fr.essor.reference;

import java.util.ArrayList;
import java.util.List;

/** A small RFC 4180 reader: quoted fields may hold the delimiter, doubled quotes and line breaks. */
final class Csv {
    private Csv() {}

    /** All records of the text, header included; a leading BOM is dropped, blank lines are skipped. */
    static List<String[]> parse(String text, char delimiter) {
        List<String[]> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        boolean quoted = false;
        boolean recordHasContent = false;
        for (int n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                recordHasContent = true;
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                recordHasContent = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') i++;
                if (recordHasContent || field.length() > 0) {
                    fields.add(field.toString());
                    records.add(fields.toArray(String[]::new));
                }
                fields.clear();
                field.setLength(0);
                recordHasContent = false;
            } else {
                field.append(c);
                recordHasContent = true;
            }
        }
        if (recordHasContent || field.length() > 0) {
            fields.add(field.toString());
            records.add(fields.toArray(String[]::new));
        }
        return records;
    }
}
