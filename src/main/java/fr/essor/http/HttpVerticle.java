package fr.essor.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The HTTP edge: body bounds first, then rate limits, then authentication for /api, then the contract's check of
 * parameters and JSON bodies (openapi.yaml, {@link ContractValidation}), then the routes of each feature;
 * one error shape (problem+json) for every failure, 404 and 405 included. Connections idle between requests and
 * bodies that do not arrive in time are cut. Stopping drains: new connections are refused, a request arriving on an
 * open connection gets 503 with {@code Retry-After} (and the connection closes), and the stop completes once every
 * request being answered has finished, or the grace period ran out.
 */
public final class HttpVerticle extends VerticleBase {
    private static final Logger LOG = Logger.getLogger(HttpVerticle.class.getName());

    private final String host;
    private final int port;
    private final int shutdownGraceSeconds;
    private final BodyLimit bodyLimit;
    private final Authentication authentication;
    private final List<RouteSet> routeSets;
    private final EdgeSettings edge;
    private HttpServer server;
    private Router router;
    private boolean draining;
    private int inFlight;
    private Promise<Void> drained;

    public HttpVerticle(String host, int port, int shutdownGraceSeconds, BodyLimit bodyLimit,
                        Authentication authentication, List<RouteSet> routeSets, EdgeSettings edge) {
        this.host = host;
        this.port = port;
        this.shutdownGraceSeconds = shutdownGraceSeconds;
        this.bodyLimit = bodyLimit;
        this.authentication = authentication;
        this.routeSets = List.copyOf(routeSets);
        this.edge = edge;
    }

    @Override
    public Future<?> start() {
        return ContractValidation.load(vertx, bodyLimit).compose(this::listen);
    }

    private Future<?> listen(ContractValidation contract) {
        router = Router.router(vertx);
        ErrorHandler errors = new ErrorHandler();
        router.route().order(-1_000).handler(this::admitWhileRunning);
        IdleConnections idle = edge.idleTimeoutSeconds() > 0
                ? new IdleConnections(vertx, edge.idleTimeoutSeconds() * 1000L) : null;
        if (idle != null) {
            router.route().handler(idle::requestStarted);
        }
        if (edge.requestReadTimeoutSeconds() > 0) {
            router.route().handler(new RequestReadDeadline(edge.requestReadTimeoutSeconds() * 1000L));
        }
        router.route().handler(bodyLimit.guard());
        RateLimits limits = edge.rateLimits();
        if (limits.enabled()) {
            router.route().handler(new RateLimitHandler(limits, authentication, edge.feeds(), edge.trustedProxies(),
                    System::nanoTime));
            LOG.info("rate limits per node: per API key " + describe(limits.perKey()) + ", per feed "
                    + describe(limits.perFeed()) + ", per client address without a key " + describe(limits.perAddress())
                    + (edge.trustedProxies().isEmpty() ? "; X-Forwarded-For ignored (no trusted proxy)"
                    : "; X-Forwarded-For believed from http.trustedProxies"));
        } else {
            LOG.warning("rate limits are OFF (ESSOR_RATE_LIMITS=off or http.rateLimits.enabled=false): every request is served");
        }
        router.route("/api/*").handler(authentication.authenticate());
        // parameters and JSON bodies against openapi.yaml; the routes' own validators run after (issue 10)
        router.route("/api/*").handler(contract.bodyReader()).handler(contract.validator());
        routeSets.forEach(routes -> routes.mount(router));
        router.route().failureHandler(errors);
        for (int status : new int[]{400, 401, 403, 404, 405, 406, 413, 415, 500}) {
            router.errorHandler(status, errors.forStatus(status));
        }
        server = vertx.createHttpServer(new HttpServerOptions()
                .setHost(host)
                .setCompressionSupported(true)
                .setMaxInitialLineLength(8192)
                .setMaxHeaderSize(16384));
        server.invalidRequestHandler(ErrorHandler::invalidRequest);
        server.connectionHandler(connection -> {
            UnmeteredConnections.repair(connection);
            if (idle != null) {
                idle.opened(connection);
            }
        });
        return server.requestHandler(router).listen(port)
                .onSuccess(s -> LOG.info("HTTP API listening on " + host + ":" + s.actualPort()));
    }

    private static String describe(RateLimit limit) {
        return limit.perSecond() + "/s (burst " + limit.burst() + ")";
    }

    /** Counts the request until its response ends (or its connection closes); while draining, 503 instead. */
    private void admitWhileRunning(RoutingContext ctx) {
        if (draining) {
            ctx.response().putHeader("Retry-After", "1");
            if (ctx.request().version() != HttpVersion.HTTP_2) {
                ctx.response().putHeader("Connection", "close"); // HTTP/2 has the server's GOAWAY instead
            }
            Problems.send(ctx, 503, Problems.title(503), "the service is stopping; retry on another node or after its restart", List.of());
            return;
        }
        inFlight++;
        boolean[] counted = {true};
        Runnable done = () -> {
            if (counted[0]) { // once per request
                counted[0] = false;
                inFlight--;
                if (draining && inFlight == 0 && drained != null) {
                    drained.tryComplete();
                }
            }
        };
        ctx.addEndHandler(v -> done.run()); // the response ended, failed or its connection closed
        ctx.next();
    }

    /** The routes as mounted, so a test can hold the OpenAPI document to them. */
    public Router router() {
        return router;
    }

    /** The bound port (useful when configured as 0). */
    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> stop() {
        draining = true;
        drained = Promise.promise();
        if (inFlight == 0) {
            drained.complete();
        }
        long deadline = vertx.setTimer(Math.max(1, shutdownGraceSeconds) * 1000L, t -> {
            if (drained.tryComplete()) {
                LOG.warning(inFlight + " request(s) still running after the " + shutdownGraceSeconds + " s grace; stopping anyway");
            }
        });
        // the listener stops taking connections at once; open ones close as their requests end
        Future<Void> shut = server.shutdown(shutdownGraceSeconds, TimeUnit.SECONDS);
        return Future.all(shut, drained.future()).onComplete(ar -> vertx.cancelTimer(deadline));
    }
}
