package fr.essor.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/** Request bodies that must be one JSON object: 400 when empty or not JSON, 422 when JSON of another shape. */
public final class JsonBodies {
    private JsonBodies() {
    }

    /** As {@link #object}, after a 415 when the body is not declared application/json (DESIGN.md section 5). */
    public static JsonObject jsonObject(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new ProblemException(415, "Unsupported Media Type", "the body must be application/json", List.of());
        }
        return object(ctx);
    }

    public static JsonObject object(RoutingContext ctx) {
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
