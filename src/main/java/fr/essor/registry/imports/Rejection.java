package fr.essor.registry.imports;

import fr.essor.http.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** A line of an import that was not taken, with every reason (CSV: the header is line 1; NDJSON: the first line is 1). */
public record Rejection(int line, List<FieldError> errors) {
    public JsonObject toJson() {
        JsonArray list = new JsonArray();
        errors.forEach(e -> list.add(e.toJson()));
        return new JsonObject().put("line", line).put("errors", list);
    }
}
