package fr.essor.matching;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Set;

/** Typed reads from a configuration JsonObject, each failure an {@link InvalidConfigException} naming the key. */
final class JsonFields {
    private final JsonObject json;
    private final String path;

    JsonFields(JsonObject json, String path) {
        this.json = json;
        this.path = path;
    }

    String key(String name) {
        return path + "." + name;
    }

    /** Keys beginning with "_" are comments; any other unknown key is a typo worth stopping for. */
    void onlyKeys(Set<String> allowed) {
        for (String k : json.fieldNames()) {
            if (!k.startsWith("_") && !allowed.contains(k)) {
                throw new InvalidConfigException(key(k), "unknown key (expected one of " + allowed + ")");
            }
        }
    }

    Object required(String name) {
        Object v = json.getValue(name);
        if (v == null) {
            throw new InvalidConfigException(key(name), "missing");
        }
        return v;
    }

    double number(String name, double min, double max) {
        Object v = required(name);
        if (!(v instanceof Number n)) {
            throw new InvalidConfigException(key(name), "must be a number");
        }
        double d = n.doubleValue();
        if (!Double.isFinite(d) || d < min || d > max) {
            throw new InvalidConfigException(key(name), "must be between " + min + " and " + max + ", got " + d);
        }
        return d;
    }

    double positive(String name) {
        double d = number(name, 0, Double.MAX_VALUE);
        if (d <= 0) {
            throw new InvalidConfigException(key(name), "must be greater than 0");
        }
        return d;
    }

    int integer(String name, int min, int max) {
        Object v = required(name);
        if (!(v instanceof Integer || v instanceof Long)) {
            throw new InvalidConfigException(key(name), "must be an integer");
        }
        long l = ((Number) v).longValue();
        if (l < min || l > max) {
            throw new InvalidConfigException(key(name), "must be between " + min + " and " + max + ", got " + l);
        }
        return (int) l;
    }

    LocalDate date(String name) {
        Object v = required(name);
        if (!(v instanceof String s)) {
            throw new InvalidConfigException(key(name), "must be an ISO date (yyyy-mm-dd)");
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new InvalidConfigException(key(name), "must be an ISO date (yyyy-mm-dd), got " + s);
        }
    }

    JsonObject object(String name) {
        Object v = required(name);
        if (!(v instanceof JsonObject o)) {
            throw new InvalidConfigException(key(name), "must be an object");
        }
        return o;
    }

    JsonArray array(String name) {
        Object v = required(name);
        if (!(v instanceof JsonArray a)) {
            throw new InvalidConfigException(key(name), "must be an array");
        }
        return a;
    }

    java.util.List<String> fieldNamesWithoutComments() {
        return json.fieldNames().stream().filter(k -> !k.startsWith("_")).sorted().toList();
    }

    JsonFields child(String name) {
        return new JsonFields(object(name), key(name));
    }
}
