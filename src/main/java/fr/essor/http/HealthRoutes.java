package fr.essor.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

/** Liveness, readiness and Prometheus metrics: no key needed (keep /metrics on an internal network). */
public final class HealthRoutes {
    private final Readiness readiness;
    private final PrometheusMeterRegistry registry;

    public HealthRoutes(Readiness readiness, PrometheusMeterRegistry registry) {
        this.readiness = readiness;
        this.registry = registry;
    }

    public void mount(Router router) {
        router.get("/health/live").handler(ctx -> ctx.json(new io.vertx.core.json.JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(ctx -> readiness.check().onComplete(ar -> {
            var body = ar.result();
            boolean up = "UP".equals(body.getString("status"));
            ctx.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json").end(body.encode());
        }));
        router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    }
}
