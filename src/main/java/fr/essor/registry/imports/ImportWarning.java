package fr.essor.registry.imports;

import io.vertx.core.json.JsonObject;

/** Something an import did not take as written (a column ignored, a unit skipped, a code dropped), by line. */
public record ImportWarning(int line, String message) {
    public JsonObject toJson() {
        return new JsonObject().put("line", line).put("message", message);
    }
}
