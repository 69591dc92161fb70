package fr.essor.registry.imports;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * One CSV layout: which columns it knows and needs, and how a row becomes enterprise JSON (then validated by
 * {@link fr.essor.registry.EnterpriseJson}, like any other input).
 */
interface CsvLayout {
    /** Every column of the layout, in file order; others are ignored with a warning. */
    List<String> columns();

    /** Columns without which no row can be read. */
    List<String> required();

    /** The row as enterprise JSON; null when the row is skipped (the reason given to {@code row.skip}). */
    JsonObject toJson(Map<String, String> values, RowContext row);

    /** The column to name for an error on a JSON path ({@code categories[1]} → {@code kind}). */
    String columnOf(String jsonPath);

    /** The JSON field of a path: {@code categories[1]} → {@code categories}, {@code contact.email} → {@code contact}. */
    static String rootOf(String jsonPath) {
        int cut = jsonPath.length();
        int bracket = jsonPath.indexOf('[');
        int dot = jsonPath.indexOf('.');
        if (bracket >= 0) {
            cut = bracket;
        }
        if (dot >= 0 && dot < cut) {
            cut = dot;
        }
        return jsonPath.substring(0, cut);
    }
}
