package fr.essor.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

import java.util.logging.Logger;

/**
 * The management listener (http.managementPort): /metrics and /health/* on a port of their own, so that an operator
 * can keep the metrics off the port a load balancer exposes. No key, no rate limit: it is meant for an internal
 * network only.
 */
public final class ManagementVerticle extends VerticleBase {
    private static final Logger LOG = Logger.getLogger(ManagementVerticle.class.getName());

    private final String host;
    private final int port;
    private final HealthRoutes health;
    private HttpServer server;

    public ManagementVerticle(String host, int port, HealthRoutes health) {
        this.host = host;
        this.port = port;
        this.health = health;
    }

    @Override
    public Future<?> start() {
        Router router = Router.router(vertx);
        health.mount(router);
        server = vertx.createHttpServer().connectionHandler(UnmeteredConnections::repair);
        return server.requestHandler(router).listen(port, host)
                .onSuccess(s -> LOG.info("management (/metrics, /health/*) listening on " + host + ":" + s.actualPort()));
    }

    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> stop() {
        return server.close();
    }
}
