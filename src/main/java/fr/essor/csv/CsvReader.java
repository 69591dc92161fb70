package fr.essor.csv;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The one CSV reader of essor (registry imports and the bundled reference lists), over Apache commons-csv: RFC 4180
 * (quoted fields may hold the delimiter, doubled quotes and line breaks; CRLF or LF), any one-character delimiter,
 * a leading BOM dropped, blank lines skipped but counted, a line break inside a quoted field read as LF. Each record carries the physical line it starts on (the
 * first line is 1), so a report names the right line even after multi-line quoted fields. Characters after a
 * closing quote are kept, as lenient readers do. Blocking: run it on a worker.
 */
public final class CsvReader implements AutoCloseable {
    /**
     * One record: its first physical line and its fields; {@code malformed} when the input ended inside a quoted
     * field (then it is the last record, and its fields are not to be trusted).
     */
    public record Row(long line, List<String> fields, boolean malformed) {
    }

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private boolean finished;

    public CsvReader(Reader in, char delimiter) throws IOException {
        PushbackReader withoutBom = new PushbackReader(in, 1);
        int first = withoutBom.read();
        if (first >= 0 && first != '\uFEFF') {
            withoutBom.unread(first);
        }
        this.parser = CSVParser.builder().setReader(withoutBom).setFormat(format(delimiter)).get();
        this.records = parser.iterator();
    }

    private static CSVFormat format(char delimiter) {
        // blank lines come back as one empty field and are skipped here, so that the line count stays right
        return CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false).setTrailingData(true).get();
    }

    /** The next record that is not a blank line, or null at the end of the input. */
    public Row next() throws IOException {
        while (!finished) {
            // the parser counts the line breaks read so far: the next record starts on the line after them
            long line = parser.getCurrentLineNumber() + 1;
            CSVRecord record;
            try {
                if (!records.hasNext()) {
                    finished = true;
                    return null;
                }
                record = records.next();
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof CSVException)) {
                    throw e.getCause();
                }
                finished = true; // the rest of the input was swallowed by the open quote
                return new Row(line, List.of(), true);
            }
            if (record.size() == 1 && record.get(0).isEmpty()) {
                continue; // a blank line
            }
            List<String> fields = new ArrayList<>(record.toList());
            fields.replaceAll(CsvReader::oneLineBreak);
            return new Row(line, fields, false);
        }
        return null;
    }

    /** A line break inside a quoted field reads as LF, whatever the file used. */
    private static String oneLineBreak(String field) {
        return field.indexOf('\r') < 0 ? field : field.replace("\r\n", "\n").replace('\r', '\n');
    }

    /**
     * Every record of a whole text, header included, as arrays (the bundled reference lists).
     *
     * @throws IllegalArgumentException when a quoted field is never closed
     */
    public static List<String[]> readAll(String text, char delimiter) {
        List<String[]> rows = new ArrayList<>();
        try (CsvReader reader = new CsvReader(new StringReader(text), delimiter)) {
            for (Row row = reader.next(); row != null; row = reader.next()) {
                if (row.malformed()) {
                    throw new IllegalArgumentException("unterminated quoted field from line " + row.line() + " to the end of the text");
                }
                rows.add(row.fields().toArray(String[]::new));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
