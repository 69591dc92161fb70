package fr.essor.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Locale;

/**
 * Request bodies that must be one JSON object: 415 unless sent as application/json, 400 when empty or not JSON, 422
 * when JSON of another shape.
 */
public final class JsonBodies {
    private JsonBodies() {
    }

    /** The body as one JSON object; 415 unless declared application/json (DESIGN.md section 5). */
    public static JsonObject object(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ProblemException(415, "Unsupported Media Type", "the body must be application/json", List.of());
        }
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw ProblemException.badRequest("the body is empty; a JSON object is expected");
        }
        Object value = Json.decodeValue(body);
        if (!(value instanceof JsonObject)) {
            throw ProblemException.unprocessable("the body must be a JSON object",
                    List.of(new FieldError("", "a JSON object is expected")));
        }
        return (JsonObject) value;
    }
}
