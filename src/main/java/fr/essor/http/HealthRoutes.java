package fr.essor.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * Liveness, readiness and Prometheus metrics: no key needed (keep /metrics on an internal network). Readiness names
 * its failing checks to anyone, but their reasons (exception texts, which may name database hosts) only to a
 * request carrying an admin key; any other key, or a wrong one, is answered as anonymous rather than refused.
 */
public final class HealthRoutes {
    private final Readiness readiness;
    private final PrometheusMeterRegistry registry;
    private final Authentication authentication;

    public HealthRoutes(Readiness readiness, PrometheusMeterRegistry registry, Authentication authentication) {
        this.readiness = readiness;
        this.registry = registry;
        this.authentication = authentication;
    }

    /** Health and metrics on one router (the API's, when no management port is configured). */
    public void mount(Router router) {
        mountHealth(router);
        mountMetrics(router);
    }

    public void mountHealth(Router router) {
        router.get("/health/live").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(this::ready);
    }

    public void mountMetrics(Router router) {
        router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    }

    private void ready(RoutingContext ctx) {
        boolean admin = isAdmin(ctx.request().getHeader("Authorization"));
        readiness.check().onComplete(ar -> {
            JsonObject body = admin ? ar.result() : withoutReasons(ar.result());
            boolean up = "UP".equals(body.getString("status"));
            ctx.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json").end(body.encode());
        });
    }

    private boolean isAdmin(String header) {
        return header != null && authentication.roleOf(header) == Role.ADMIN;
    }

    /** The same answer with each check's status only. */
    static JsonObject withoutReasons(JsonObject full) {
        JsonObject checks = new JsonObject();
        full.getJsonObject("checks").forEach(e -> checks.put(e.getKey(),
                new JsonObject().put("status", ((JsonObject) e.getValue()).getString("status"))));
        return new JsonObject().put("status", full.getString("status")).put("checks", checks);
    }
}
