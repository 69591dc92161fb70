package fr.essor;

import fr.essor.config.EssorConfig;
import fr.essor.db.Database;
import fr.essor.db.DatabaseUrl;
import fr.essor.db.EmbeddedDatabase;
import fr.essor.db.Migrations;
import fr.essor.config.Credentials;
import fr.essor.http.Authentication;
import fr.essor.http.BodyLimit;
import fr.essor.http.HealthRoutes;
import fr.essor.http.HttpVerticle;
import fr.essor.http.OpenApiRoute;
import fr.essor.http.Role;
import fr.essor.http.RouteSet;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.IndexVerticle;
import fr.essor.registry.Registry;
import fr.essor.registry.RegistryRoutes;
import fr.essor.registry.RegistrySeed;
import fr.essor.registry.SearchParameters;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Composes the service in order — database and migrations, then the feature verticles, then HTTP — and stops
 * them in reverse. It does nothing else.
 */
public final class MainVerticle extends VerticleBase {
    private final Services services;
    private final Deque<String> deployments = new ArrayDeque<>();
    private EmbeddedDatabase embedded;
    private HttpVerticle http;
    private final io.vertx.core.Promise<Void> seeded = io.vertx.core.Promise.promise();

    public MainVerticle(EssorConfig config, PrometheusMeterRegistry metrics) {
        this.services = new Services(config, metrics);
    }

    @Override
    public Future<?> start() {
        EssorConfig config = services.config;
        return vertx.executeBlocking(() -> {
                    services.credentials = Credentials.resolve(config);
                    DatabaseUrl url;
                    if (config.dbUrl() == null) {
                        embedded = EmbeddedDatabase.start(config.dataDir());
                        url = embedded.url();
                    } else {
                        url = DatabaseUrl.parse(config.dbUrl());
                    }
                    Migrations.migrate(url);
                    return url;
                })
                .compose(url -> {
                    services.database = Database.connect(vertx, url, config);
                    services.readiness.register("database", services.database::ping);
                    return Future.succeededFuture();
                })
                .compose(v -> deployRegistry())
                .compose(v -> deployHttp())
                .onSuccess(v -> seedRegistry().onComplete(seeded));
    }

    /** Registry: the service over PostgreSQL, then the index verticle that follows it (config section "registry"). */
    private Future<Void> deployRegistry() {
        EssorConfig config = services.config;
        int batchSize = config.intIn("registry.importBatchSize", 1, 10_000);
        int pageSize = config.intIn("registry.indexPageSize", 1, 100_000);
        long pollMillis = config.intIn("registry.indexPollSeconds", 1, 3_600) * 1000L;
        return vertx.executeBlocking(() -> new Registry(vertx, services.database.pool(), ReferenceData.get(), batchSize,
                        Clock.systemUTC()))
                .compose(registry -> {
                    services.registry = registry;
                    services.readiness.register("seed", () -> seeded.future().isComplete() ? seeded.future()
                            : Future.failedFuture("seed loading"));
                    IndexVerticle index = new IndexVerticle(config.dataDir().resolve("index"), registry.store(), pageSize, pollMillis);
                    services.readiness.register("index", index::readiness);
                    return deploy(index).map(id -> {
                        services.registryIndex = index;
                        return null;
                    });
                });
    }

    /** With seed on and an empty registry, load the bundled SIAE list; readiness "seed" is down until it is searchable. */
    private Future<Void> seedRegistry() {
        if (!services.config.seed()) {
            return Future.succeededFuture();
        }
        return RegistrySeed.loadIfEmpty(services.registry, services.registryIndex)
                .onFailure(e -> java.util.logging.Logger.getLogger(MainVerticle.class.getName())
                        .log(java.util.logging.Level.SEVERE, "registry seed failed", e));
    }

    private Future<String> deployHttp() {
        EssorConfig config = services.config;
        BodyLimit bodyLimit = new BodyLimit(config.bodyLimit(), config.noticeBodyLimit(), config.importBodyLimit());
        Authentication authentication = new Authentication(keysByRole(services.credentials));
        List<RouteSet> routes = new ArrayList<>();
        routes.add(new HealthRoutes(services.readiness, services.metrics)::mount);
        routes.add(new OpenApiRoute()::mount);
        routes.add(new RegistryRoutes(vertx, services.registry, services::enterpriseIndex,
                new SearchParameters(ReferenceData.get()), authentication, bodyLimit));
        http = new HttpVerticle(config.httpHost(), config.httpPort(), config.shutdownGraceSeconds(),
                bodyLimit, authentication, routes);
        return deploy(http);
    }

    private Future<String> deploy(VerticleBase verticle) {
        return vertx.deployVerticle(verticle).onSuccess(deployments::push);
    }

    private static Map<Role, List<String>> keysByRole(Credentials credentials) {
        Map<Role, List<String>> keys = new EnumMap<>(Role.class);
        credentials.apiKeys().forEach((role, list) -> Role.fromToken(role).ifPresent(r -> keys.put(r, list)));
        return keys;
    }

    public Services services() {
        return services;
    }

    public int httpPort() {
        return http.actualPort();
    }

    @Override
    public Future<?> stop() {
        Future<Void> chain = Future.succeededFuture();
        while (!deployments.isEmpty()) {
            String id = deployments.pop();
            chain = chain.compose(v -> vertx.undeploy(id).recover(e -> Future.succeededFuture()));
        }
        return chain
                .compose(v -> services.database == null ? Future.succeededFuture() : services.database.close())
                .compose(v -> embedded == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
                    embedded.close();
                    return null;
                }));
    }
}
