package fr.essor.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Map;

/** Renders RFC 9457 {@code application/problem+json}: the one error shape at the HTTP edge. */
public final class Problems {
    public static final String CONTENT_TYPE = "application/problem+json";

    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"), Map.entry(408, "Request Timeout"),
            Map.entry(409, "Conflict"), Map.entry(413, "Content Too Large"), Map.entry(414, "URI Too Long"), Map.entry(431, "Request Header Fields Too Large"), Map.entry(415, "Unsupported Media Type"),
            Map.entry(422, "Unprocessable Content"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(503, "Service Unavailable"));

    private Problems() {
    }

    public static String title(int status) {
        return TITLES.getOrDefault(status, status >= 500 ? "Server Error" : "Client Error");
    }

    public static JsonObject body(int status, String title, String detail, List<FieldError> errors) {
        JsonObject problem = new JsonObject()
                .put("type", "about:blank")
                .put("title", title)
                .put("status", status)
                .put("detail", detail);
        JsonArray list = new JsonArray();
        errors.forEach(e -> list.add(e.toJson()));
        problem.put("errors", list);
        return problem;
    }

    public static void send(RoutingContext ctx, ProblemException problem) {
        send(ctx, problem.status(), problem.title(), problem.detail(), problem.errors());
    }

    public static void send(RoutingContext ctx, int status, String title, String detail, List<FieldError> errors) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        JsonObject body = body(status, title, detail, errors).put("instance", ctx.request().path());
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", CONTENT_TYPE)
                .end(body.encode());
    }
}
