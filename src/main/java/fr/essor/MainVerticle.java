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
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

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
                .compose(v -> deployHttp());
    }

    private Future<String> deployHttp() {
        EssorConfig config = services.config;
        List<RouteSet> routes = new ArrayList<>();
        routes.add(new HealthRoutes(services.readiness, services.metrics)::mount);
        routes.add(new OpenApiRoute()::mount);
        http = new HttpVerticle(config.httpHost(), config.httpPort(), config.shutdownGraceSeconds(),
                new BodyLimit(config.bodyLimit(), config.noticeBodyLimit(), config.importBodyLimit()),
                new Authentication(keysByRole(services.credentials)), routes);
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

    public HttpVerticle http() {
        return http;
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
