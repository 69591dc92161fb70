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
import fr.essor.notice.FeedPollerVerticle;
import fr.essor.notice.FeedSignature;
import fr.essor.notice.IngestVerticle;
import fr.essor.notice.NoticeGeocoder;
import fr.essor.notice.NoticeIngestion;
import fr.essor.notice.NoticeRoutes;
import fr.essor.notice.NoticeSearch;
import fr.essor.notice.NoticeStore;
import fr.essor.notice.PullFeed;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.IndexVerticle;
import fr.essor.registry.Registry;
import fr.essor.registry.RegistryRoutes;
import fr.essor.registry.RegistrySeed;
import fr.essor.registry.SearchParameters;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

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
                .compose(v -> deployIngest())
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

    /** Notices: the ingestion path (shared by the push route and the poller), the outbox relay, the feed poller. */
    private Future<Void> deployIngest() {
        EssorConfig config = services.config;
        return vertx.executeBlocking(() -> ReferenceData.get().geography()).compose(geography -> {
            var pool = services.database.pool();
            NoticeStore store = new NoticeStore(pool, vertx.eventBus());
            services.noticeIngestion = new NoticeIngestion(vertx, store, new NoticeGeocoder(geography), services.metrics);
            services.noticeSearch = new NoticeSearch(pool);
            IngestVerticle.Settings settings = new IngestVerticle.Settings(
                    config.intIn("notices.outbox.batchSize", 1, 10_000),
                    config.longIn("notices.outbox.sweepSeconds", 1, 86_400) * 1000,
                    config.intIn("notices.outbox.retentionDays", 1, 3650),
                    config.intIn("feeds.deliveryRetentionDays", 1, 3650));
            return deploy(new IngestVerticle(pool, services.metrics, settings));
        }).compose(id -> {
            List<PullFeed> feeds = PullFeed.parse(config.section("feeds").getJsonObject("pull", new JsonObject()).getValue("urls"));
            if (feeds.isEmpty()) {
                return Future.succeededFuture();
            }
            services.feedPoller = new FeedPollerVerticle(feeds,
                    config.longIn("feeds.pull.intervalSeconds", 1, 86_400) * 1000,
                    config.longIn("feeds.pull.maxBackoffSeconds", 1, 86_400) * 1000,
                    config.longIn("feeds.pull.timeoutSeconds", 1, 3600) * 1000,
                    config.noticeBodyLimit(), services.noticeIngestion, services.metrics);
            return deploy(services.feedPoller).mapEmpty();
        });
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
        routes.add(new NoticeRoutes(services.noticeIngestion, services.noticeSearch,
                new FeedSignature(services.credentials.feedSecrets(), Clock.systemUTC()),
                ReferenceData.get().geography(), bodyLimit, authentication)::mount);
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
