package fr.essor.http;

import io.vertx.core.json.JsonObject;

/** One invalid field of a request, as listed in a problem's {@code errors}. */
public record FieldError(String field, String message) {
    public JsonObject toJson() {
        return new JsonObject().put("field", field).put("message", message);
    }
}
