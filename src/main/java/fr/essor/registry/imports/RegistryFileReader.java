package fr.essor.registry.imports;

import fr.essor.csv.CsvReader;
import fr.essor.http.FieldError;
import fr.essor.http.ProblemException;
import fr.essor.registry.EnterpriseJson;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a registry file line by line into a {@link ParsedImport}: every line is validated on its own, so a bad line
 * is reported (with its number and the fields at fault) and never stops the good ones. Blocking: run it on a worker.
 */
public final class RegistryFileReader {
    private final EnterpriseJson codec;

    public RegistryFileReader(EnterpriseJson codec) {
        this.codec = codec;
    }

    /**
     * A CSV file of the given layout, header required (line 1). Unknown columns are ignored with a warning.
     *
     * @throws ProblemException 400 when the file is empty, 422 when the header lacks a required column
     */
    public ParsedImport readCsv(Reader in, ImportFormat format) throws IOException {
        CsvLayout layout = layoutOf(format);
        CsvReader records = new CsvReader(in instanceof BufferedReader ? in : new BufferedReader(in, 1 << 16), ',');
        CsvReader.Row header = records.next();
        if (header == null) {
            throw ProblemException.badRequest("the file is empty: a header line is required");
        }
        ParsedImport parsed = new ParsedImport();
        List<String> names = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String raw : header.fields()) {
            String name = raw.strip();
            if (!layout.columns().contains(name)) {
                parsed.warn(Math.toIntExact(header.line()), "column \"" + name + "\" is not a column of format " + format.token() + ": ignored");
                names.add(null);
            } else if (!seen.add(name)) {
                parsed.warn(Math.toIntExact(header.line()), "column \"" + name + "\" appears twice: the first one is read");
                names.add(null);
            } else {
                names.add(name);
            }
        }
        List<FieldError> missing = layout.required().stream().filter(c -> !seen.contains(c))
                .map(c -> new FieldError(c, "required column missing from the header")).toList();
        if (!missing.isEmpty()) {
            throw ProblemException.unprocessable("the header (line 1) lacks columns that format " + format.token()
                    + " requires; expected columns: " + String.join(",", layout.columns()), missing);
        }
        for (CsvReader.Row record = records.next(); record != null; record = records.next()) {
            readRow(record, names, layout, parsed);
        }
        return parsed;
    }

    private void readRow(CsvReader.Row record, List<String> names, CsvLayout layout, ParsedImport parsed) {
        int line = Math.toIntExact(record.line());
        if (record.malformed()) {
            parsed.reject(new Rejection(line, List.of(new FieldError("line", "a quoted field is never closed"))));
            return;
        }
        if (record.fields().size() != names.size()) {
            parsed.reject(new Rejection(line, List.of(new FieldError("line",
                    record.fields().size() + " fields where the header has " + names.size()))));
            return;
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String value = record.fields().get(i);
            if (names.get(i) != null) {
                values.put(names.get(i), value.isBlank() ? null : value.strip());
            }
        }
        RowContext row = new RowContext();
        JsonObject json = layout.toJson(values, row);
        row.warnings.forEach(w -> parsed.warn(line, w));
        if (row.skipped != null) {
            parsed.warn(line, row.skipped);
            return;
        }
        take(line, json, row.errors, layout::columnOf, parsed);
    }

    /** NDJSON: one enterprise JSON object per line (the first line is 1); blank lines are skipped. */
    public ParsedImport readNdjson(Reader in) throws IOException {
        BufferedReader reader = in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in, 1 << 16);
        ParsedImport parsed = new ParsedImport();
        int line = 0;
        for (String text = reader.readLine(); text != null; text = reader.readLine()) {
            line++;
            if (line == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            if (text.isBlank()) {
                continue;
            }
            JsonObject json;
            try {
                Object value = io.vertx.core.json.Json.decodeValue(text);
                if (!(value instanceof JsonObject)) {
                    parsed.reject(new Rejection(line, List.of(new FieldError("line", "must be a JSON object (an enterprise)"))));
                    continue;
                }
                json = (JsonObject) value;
            } catch (DecodeException e) {
                parsed.reject(new Rejection(line, List.of(new FieldError("line", "not valid JSON"))));
                continue;
            }
            take(line, json, List.of(), path -> path, parsed);
        }
        return parsed;
    }

    /** Validates a line's JSON; errors the layout already found on a column are not repeated by the codec. */
    private void take(int line, JsonObject json, List<FieldError> layoutErrors,
                      java.util.function.UnaryOperator<String> columnOf, ParsedImport parsed) {
        EnterpriseJson.Decoded decoded = codec.decode(withoutNulls(json));
        if (decoded.ok() && layoutErrors.isEmpty()) {
            parsed.accept(line, decoded.enterprise());
            return;
        }
        List<FieldError> errors = new ArrayList<>(layoutErrors);
        Set<String> named = new LinkedHashSet<>();
        layoutErrors.forEach(e -> named.add(e.field()));
        for (FieldError e : decoded.errors()) {
            String column = columnOf.apply(e.field());
            if (!named.contains(column)) {
                errors.add(new FieldError(column, e.message()));
            }
        }
        parsed.reject(new Rejection(line, errors));
    }

    private static JsonObject withoutNulls(JsonObject json) {
        json.getMap().values().removeIf(java.util.Objects::isNull);
        return json;
    }

    static CsvLayout layoutOf(ImportFormat format) {
        return switch (format) {
            case ESSOR -> new EssorCsvLayout();
            case LEMARCHE -> new LemarcheLayout();
            case ESS_NUMERIQUE -> new EssNumeriqueLayout();
        };
    }
}
