package fr.essor.notice;

import fr.essor.http.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads typed fields out of decoded JSON, naming each bad one by its path ({@code lots[2].mainCpv}) in a
 * shared list of errors instead of throwing, so one pass reports every fault of an item.
 */
final class JsonFields {
    private final List<FieldError> errors;

    JsonFields(List<FieldError> errors) {
        this.errors = errors;
    }

    static String path(String parent, String key) {
        return parent == null || parent.isEmpty() ? key : parent + "." + key;
    }

    static String index(String parent, int i) {
        return (parent == null ? "" : parent) + "[" + i + "]";
    }

    void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    List<FieldError> errors() {
        return errors;
    }

    /** A string, trimmed; null when absent, null or blank. */
    String string(JsonObject o, String parent, String key, int maxLength, boolean required) {
        Object v = o.getValue(key);
        String field = path(parent, key);
        if (v == null) {
            if (required) {
                error(field, "is required");
            }
            return null;
        }
        if (!(v instanceof String s)) {
            error(field, "must be a string");
            return null;
        }
        String t = s.strip();
        if (t.isEmpty()) {
            if (required) {
                error(field, "must not be blank");
            }
            return null;
        }
        if (t.length() > maxLength) {
            error(field, "is longer than " + maxLength + " characters");
            return null;
        }
        return t;
    }

    Boolean bool(JsonObject o, String parent, String key) {
        Object v = o.getValue(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        error(path(parent, key), "must be true, false or null");
        return null;
    }

    /** A finite decimal within [min, max]; null when absent. */
    BigDecimal decimal(JsonObject o, String parent, String key, BigDecimal min, BigDecimal max) {
        Object v = o.getValue(key);
        if (v == null) {
            return null;
        }
        String field = path(parent, key);
        if (!(v instanceof Number n)) {
            error(field, "must be a number");
            return null;
        }
        BigDecimal d = NoticeValues.decimalOf(n);
        if (d == null) {
            error(field, "must be a finite number");
            return null;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            error(field, "must be between " + min.toPlainString() + " and " + max.toPlainString());
            return null;
        }
        return d;
    }

    Double number(JsonObject o, String parent, String key, double min, double max) {
        BigDecimal d = decimal(o, parent, key, BigDecimal.valueOf(min), BigDecimal.valueOf(max));
        return d == null ? null : d.doubleValue();
    }

    /**
     * An ISO-8601 date-time with offset; a plain date is taken at the start of that day (UTC), or at its
     * last second when {@code endOfDay} (deadlines).
     */
    OffsetDateTime dateTime(JsonObject o, String parent, String key, boolean endOfDay) {
        Object v = o.getValue(key);
        if (v == null) {
            return null;
        }
        String field = path(parent, key);
        if (!(v instanceof String s) || s.isBlank()) {
            error(field, "must be an ISO-8601 date-time string");
            return null;
        }
        OffsetDateTime t = parseDateTime(s.strip(), endOfDay);
        if (t == null) {
            error(field, "is not an ISO-8601 date-time with offset (e.g. 2024-05-01T12:00:00+02:00)");
        }
        return t;
    }

    static OffsetDateTime parseDateTime(String s, boolean endOfDay) {
        if (s.length() > 64) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s);
        } catch (DateTimeParseException e) {
            try {
                LocalDate d = LocalDate.parse(s);
                return endOfDay ? d.atTime(23, 59, 59).atOffset(ZoneOffset.UTC) : d.atStartOfDay().atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    JsonObject object(JsonObject o, String parent, String key) {
        Object v = o.getValue(key);
        if (v == null) {
            return null;
        }
        if (v instanceof JsonObject j) {
            return j;
        }
        error(path(parent, key), "must be an object");
        return null;
    }

    JsonArray array(JsonObject o, String parent, String key, int maxSize) {
        Object v = o.getValue(key);
        if (v == null) {
            return null;
        }
        String field = path(parent, key);
        if (!(v instanceof JsonArray a)) {
            error(field, "must be an array");
            return null;
        }
        if (a.size() > maxSize) {
            error(field, "has more than " + maxSize + " entries");
            return null;
        }
        return a;
    }

    /** An array of non-blank strings; absent → empty list. */
    List<String> strings(JsonObject o, String parent, String key, int maxSize, int maxLength) {
        JsonArray a = array(o, parent, key, maxSize);
        List<String> out = new ArrayList<>();
        if (a == null) {
            return out;
        }
        String field = path(parent, key);
        for (int i = 0; i < a.size(); i++) {
            Object v = a.getValue(i);
            if (!(v instanceof String s) || s.isBlank()) {
                error(index(field, i), "must be a non-blank string");
            } else if (s.length() > maxLength) {
                error(index(field, i), "is longer than " + maxLength + " characters");
            } else {
                out.add(s.strip());
            }
        }
        return out;
    }
}
