package fr.essor.registry.imports;

import fr.essor.http.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** What reading one line found: errors by column, warnings, or a reason to skip it. */
final class RowContext {
    private static final Pattern WHOLE = Pattern.compile("-?\\d{1,15}");
    private static final Pattern SPACES = Pattern.compile("[\\s\\u00a0\\u202f]");

    final List<FieldError> errors = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    String skipped;

    void error(String column, String message) {
        errors.add(new FieldError(column, message));
    }

    void warn(String message) {
        warnings.add(message);
    }

    void skip(String reason) {
        skipped = reason;
    }

    boolean hasError(String column) {
        return errors.stream().anyMatch(e -> e.field().equals(column));
    }

    /** A decimal number (dot as decimal separator); null when blank; an error when not a number. */
    Double decimal(String column, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            double d = Double.parseDouble(value.strip());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        error(column, "\"" + value + "\" is not a number");
        return null;
    }

    /** A whole number; null when blank; an error otherwise. */
    Long whole(String column, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String digits = SPACES.matcher(value).replaceAll("");
        if (WHOLE.matcher(digits).matches()) {
            return Long.parseLong(digits);
        }
        error(column, "\"" + value + "\" is not a whole number");
        return null;
    }
}
