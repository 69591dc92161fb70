package fr.essor;

import fr.essor.alerts.AlertVerticle;
import fr.essor.alerts.MatchEventStore;
import fr.essor.alerts.MatchStream;
import fr.essor.alerts.SubscriptionRoutes;
import fr.essor.alerts.SubscriptionStore;
import fr.essor.cluster.ClusterSettings;
import fr.essor.cluster.Lease;
import fr.essor.cluster.LeasedVerticle;
import fr.essor.config.ConfigException;
import fr.essor.config.Credentials;
import fr.essor.config.EssorConfig;
import fr.essor.db.Database;
import fr.essor.db.DatabaseUrl;
import fr.essor.db.EmbeddedDatabase;
import fr.essor.db.Migrations;
import fr.essor.http.Authentication;
import fr.essor.http.BodyLimit;
import fr.essor.http.EdgeSettings;
import fr.essor.http.HealthRoutes;
import fr.essor.http.HttpVerticle;
import fr.essor.http.ManagementVerticle;
import fr.essor.http.OpenApiRoute;
import fr.essor.http.PageRoutes;
import fr.essor.http.RateLimit;
import fr.essor.http.RateLimits;
import fr.essor.http.Role;
import fr.essor.http.RouteSet;
import fr.essor.http.TrustedProxies;
import fr.essor.http.WhoAmIRoute;
import fr.essor.keys.KeyCache;
import fr.essor.keys.KeyRoutes;
import fr.essor.keys.KeyStore;
import fr.essor.matching.InvalidConfigException;
import fr.essor.matching.MatchRoutes;
import fr.essor.matching.MatchStore;
import fr.essor.matching.MatchVerticle;
import fr.essor.matching.MatchingConfig;
import fr.essor.matching.MatchingService;
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
import fr.essor.reference.ReferenceRoutes;
import fr.essor.registry.IndexVerticle;
import fr.essor.registry.Registry;
import fr.essor.registry.RegistryRoutes;
import fr.essor.registry.RegistrySeed;
import fr.essor.registry.SearchParameters;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Composes the service in order — storage (credentials, PostgreSQL, migrations), the registry and its index,
 * matching, alerts, notice ingestion (with its poller: on one node of a cluster at a time), the API keys kept in PostgreSQL, then HTTP — and stops them in reverse. The bundled registry
 * is seeded once everything runs; readiness waits for it.
 */
public final class MainVerticle extends VerticleBase {
    private static final Logger LOG = Logger.getLogger(MainVerticle.class.getName());

    private final Services services;
    private final Deque<String> deployments = new ArrayDeque<>();
    private final Promise<Void> seeded = Promise.promise();
    private EmbeddedDatabase embedded;
    private HttpVerticle http;
    private ManagementVerticle management;
    private Future<Void> stopped;

    public MainVerticle(EssorConfig config, PrometheusMeterRegistry metrics) {
        this.services = new Services(config, metrics);
    }

    @Override
    public Future<?> start() {
        return startStorage()
                .compose(v -> deployRegistry())
                .compose(v -> deployMatching())
                .compose(v -> deployAlerts())
                .compose(v -> deployIngest())
                .compose(v -> deployKeys())
                .compose(v -> deployHttp())
                .onSuccess(v -> seedRegistry().onComplete(seeded));
    }

    /** Credentials, then the embedded or configured PostgreSQL with its migrations, then the pool. */
    private Future<Void> startStorage() {
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
        }).map(url -> {
            services.database = Database.connect(vertx, url, config);
            services.readiness.register("database", services.database::ping);
            if (embedded != null) {
                services.readiness.register("embeddedDatabase", () -> embedded.down() == null ? Future.succeededFuture()
                        : Future.failedFuture(embedded.down()));
            }
            services.noticeSearch = new NoticeSearch(services.database.pool());
            return null;
        });
    }

    /** The registry over PostgreSQL, then the index verticle that follows it (config section "registry"). */
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

    /** Scoring and reservability (config section "matching"), and the verticle matching every ingested notice. */
    private Future<Void> deployMatching() {
        MatchingConfig matchingConfig;
        try {
            matchingConfig = MatchingConfig.fromJson(services.config.section(MatchingConfig.SECTION));
        } catch (InvalidConfigException e) {
            return Future.failedFuture(new ConfigException(e.key(), e.getMessage()));
        }
        services.matchingConfig = matchingConfig;
        services.matching = new MatchingService(matchingConfig, ReferenceData.get(), services.enterpriseIndex(), Clock.systemUTC());
        services.matchStore = new MatchStore(services.database.pool());
        IndexVerticle index = services.registryIndex;
        MatchVerticle matcher = new MatchVerticle(services.matching, services.matchStore,
                () -> index.readiness().succeeded() && seeded.future().isComplete(),
                () -> services.noticeIngestion != null && services.noticeIngestion.busy(),
                MatchVerticle.Settings.from(services.config), services.metrics);
        return deploy(matcher).mapEmpty();
    }

    /** Subscriptions, their webhooks and the match stream (config section "alerts"). */
    private Future<Void> deployAlerts() {
        services.subscriptions = new SubscriptionStore(services.database.pool());
        return deploy(AlertVerticle.create(vertx, services.database.pool(), services.noticeSearch, services.matchStore,
                services.subscriptions, services.matchingConfig, ReferenceData.get(), services.config)).mapEmpty();
    }

    /** Notices: the ingestion path (shared by the push route and the poller), the outbox relay, the feed poller. */
    private Future<Void> deployIngest() {
        EssorConfig config = services.config;
        var pool = services.database.pool();
        NoticeStore store = new NoticeStore(pool, vertx.eventBus(), new NoticeStore.Settings(
                config.intIn("notices.store.writers", 1, 64), config.intIn("notices.store.groupNotices", 1, 10_000)));
        services.noticeIngestion = new NoticeIngestion(vertx, store, new NoticeGeocoder(ReferenceData.get().geography()), services.metrics);
        IngestVerticle.Settings settings = new IngestVerticle.Settings(
                config.intIn("notices.outbox.batchSize", 1, 10_000),
                config.longIn("notices.outbox.sweepSeconds", 1, 86_400) * 1000,
                config.intIn("notices.outbox.retentionDays", 1, 3650),
                config.intIn("feeds.deliveryRetentionDays", 1, 3650));
        return deploy(new IngestVerticle(pool, services.metrics, settings)).compose(id -> {
            List<PullFeed> feeds = PullFeed.parse(config.section("feeds").getJsonObject("pull", new JsonObject()).getValue("urls"));
            if (feeds.isEmpty()) {
                return Future.succeededFuture();
            }
            Supplier<VerticleBase> poller = () -> services.feedPoller = new FeedPollerVerticle(feeds,
                    config.longIn("feeds.pull.intervalSeconds", 1, 86_400) * 1000,
                    config.longIn("feeds.pull.maxBackoffSeconds", 1, 86_400) * 1000,
                    config.longIn("feeds.pull.timeoutSeconds", 1, 3600) * 1000,
                    config.noticeBodyLimit(), services.noticeIngestion, services.metrics);
            if (vertx.isClustered()) { // one node of the cluster pulls at a time
                ClusterSettings cluster = ClusterSettings.from(config);
                return deploy(new LeasedVerticle(new Lease(pool, "feed-poller", cluster.nodeName(), cluster.pollerLeaseSeconds()),
                        poller)).mapEmpty();
            }
            return deploy(poller.get()).mapEmpty();
        });
    }

    /** Keys made through the API: read once before HTTP starts, then every 500 ms (config {@code auth.keysReloadMillis}). */
    private Future<Void> deployKeys() {
        services.keyStore = new KeyStore(services.database.pool());
        services.keyCache = new KeyCache(services.keyStore, services.config.intIn("auth.keysReloadMillis", 50, 60_000));
        return deploy(services.keyCache).mapEmpty();
    }

    /** The routes of every feature behind one edge; the OpenAPI document is read from the jar on a worker. */
    private Future<Void> deployHttp() {
        Authentication authentication = new Authentication(keysByRole(services.credentials), services.keyCache);
        // the document and the page are read, and the reference lists folded for look-ups, on a worker
        return vertx.executeBlocking(OpenApiRoute::new).compose(openApi -> vertx.executeBlocking(PageRoutes::new)
                .compose(page -> vertx.executeBlocking(() -> new ReferenceRoutes(ReferenceData.get(), authentication))
                        .compose(referenceRoutes -> deployHttp(openApi, page, referenceRoutes, authentication))));
    }

    private Future<Void> deployHttp(OpenApiRoute openApi, PageRoutes page, ReferenceRoutes referenceRoutes,
                                    Authentication authentication) {
        EssorConfig config = services.config;
        BodyLimit bodyLimit = new BodyLimit(config.bodyLimit(), config.noticeBodyLimit(), config.importBodyLimit());
        long searchableMillis = config.intIn("registry.searchableTimeoutSeconds", 0, 3_600) * 1000L;
        ReferenceData reference = ReferenceData.get();
        HealthRoutes health = new HealthRoutes(services.readiness, services.metrics, authentication);
        // with a management port, /metrics is served there only; health answers on both
        boolean separateManagement = config.managementPort() >= 0;
        List<RouteSet> routes = List.of(
                separateManagement ? health::mountHealth : health::mount,
                openApi::mount,
                new RegistryRoutes(vertx, services.registry, services::enterpriseIndex, new SearchParameters(reference),
                        authentication, bodyLimit, change -> services.registryIndex.awaitSearchable(change, searchableMillis)),
                new NoticeRoutes(services.noticeIngestion, services.noticeSearch,
                        new FeedSignature(services.credentials.feedSecrets(), Clock.systemUTC()),
                        reference.geography(), bodyLimit, authentication)::mount,
                new MatchRoutes(vertx, services.matching, services.matchStore, services.noticeSearch, authentication, bodyLimit),
                new SubscriptionRoutes(vertx, services.subscriptions, services.matchingConfig, reference, authentication, bodyLimit, config),
                new MatchStream(vertx.eventBus(), authentication,
                        new MatchEventStore(services.database.pool(), MatchEventStore.window(config)), MatchStream.maxStreamsPerKey(config)),
                new KeyRoutes(services.keyStore, services.keyCache, authentication, bodyLimit),
                referenceRoutes,
                new WhoAmIRoute(authentication),
                page);
        http = new HttpVerticle(config.httpHost(), config.httpPort(), config.shutdownGraceSeconds(),
                bodyLimit, authentication, routes, edgeSettings(config, services.credentials));
        Future<?> managed = Future.succeededFuture();
        if (separateManagement) {
            management = new ManagementVerticle(config.httpHost(), config.managementPort(), health);
            managed = deploy(management);
        }
        return managed.compose(v -> deploy(http)).mapEmpty();
    }

    /** With seed on and an empty registry, load the bundled SIAE list; readiness "seed" is down until it is searchable. */
    private Future<Void> seedRegistry() {
        if (!services.config.seed()) {
            return Future.succeededFuture();
        }
        return RegistrySeed.loadIfEmpty(services.registry, services.registryIndex)
                .onFailure(e -> LOG.log(Level.SEVERE, "registry seed failed", e));
    }

    private Future<String> deploy(VerticleBase verticle) {
        return vertx.deployVerticle(verticle).onSuccess(deployments::push);
    }

    private static EdgeSettings edgeSettings(EssorConfig config, Credentials credentials) {
        TrustedProxies proxies;
        try {
            proxies = TrustedProxies.of(config.trustedProxies());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("http.trustedProxies", e.getMessage());
        }
        RateLimits limits = new RateLimits(config.rateLimitsEnabled(), rateLimit(config, "perKey"),
                rateLimit(config, "perFeed"), rateLimit(config, "perAddress"), config.rateLimitMaxTracked());
        return new EdgeSettings(config.httpIdleTimeoutSeconds(), config.httpRequestReadTimeoutSeconds(), limits, proxies,
                credentials.feedSecrets().keySet());
    }

    private static RateLimit rateLimit(EssorConfig config, String kind) {
        return new RateLimit(config.rateLimitPerSecond(kind), config.rateLimitBurst(kind));
    }

    private static Map<Role, List<String>> keysByRole(Credentials credentials) {
        Map<Role, List<String>> keys = new EnumMap<>(Role.class);
        credentials.apiKeys().forEach((role, list) -> Role.fromToken(role).ifPresent(r -> keys.put(r, list)));
        return keys;
    }

    public Services services() {
        return services;
    }

    /** The management listener, null when http.managementPort is -1. */
    public ManagementVerticle management() {
        return management;
    }

    public HttpVerticle http() {
        return http;
    }

    public int httpPort() {
        return http.actualPort();
    }

    /**
     * The ordered stop, for SIGTERM and tests: stop taking work (HTTP refuses new connections and answers 503 to new
     * requests while the running ones finish), then the workers in reverse order of start (keys, poller, outbox
     * relay, alerts, matching: each lets its running job finish and leaves the rest in PostgreSQL), then the index
     * (drain, commit, searchers, writer), and only then the pool and the embedded database. Idempotent; any thread.
     * Vert.x stops a verticle's children together, before the verticle itself, so the order is kept here instead.
     */
    public synchronized Future<Void> shutdown() {
        if (stopped == null) {
            Promise<Void> promise = Promise.promise();
            stopped = promise.future();
            context.runOnContext(v -> stopChildren().onComplete(promise));
        }
        return stopped;
    }

    private Future<Void> stopChildren() {
        Future<Void> chain = Future.succeededFuture();
        while (!deployments.isEmpty()) {
            String id = deployments.pop();
            chain = chain.compose(v -> vertx.undeploy(id).recover(e -> {
                LOG.log(Level.WARNING, "stopping a part failed; stopping the next", e);
                return Future.succeededFuture();
            }));
        }
        return chain
                .compose(v -> services.database == null ? Future.succeededFuture() : services.database.close())
                .compose(v -> embedded == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
                    embedded.close();
                    return null;
                }));
    }

    @Override
    public Future<?> stop() {
        return shutdown();
    }
}
