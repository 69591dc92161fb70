package fr.essor;

import fr.essor.config.Credentials;
import fr.essor.config.EssorConfig;
import fr.essor.db.Database;
import fr.essor.alerts.SubscriptionStore;
import fr.essor.http.Readiness;
import fr.essor.keys.KeyCache;
import fr.essor.keys.KeyStore;
import fr.essor.matching.MatchStore;
import fr.essor.matching.MatchingConfig;
import fr.essor.matching.MatchingService;
import fr.essor.notice.FeedPollerVerticle;
import fr.essor.notice.NoticeIngestion;
import fr.essor.notice.NoticeSearch;
import fr.essor.registry.IndexVerticle;
import fr.essor.registry.Registry;
import fr.essor.registry.index.EnterpriseIndex;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** What the verticles share, built once by {@link MainVerticle} in start order. */
public final class Services {
    final EssorConfig config;
    final PrometheusMeterRegistry metrics;
    final Readiness readiness = new Readiness();
    Credentials credentials;
    Database database;
    NoticeIngestion noticeIngestion;
    NoticeSearch noticeSearch;
    FeedPollerVerticle feedPoller;
    Registry registry;
    MatchingConfig matchingConfig;
    MatchingService matching;
    MatchStore matchStore;
    SubscriptionStore subscriptions;
    IndexVerticle registryIndex;
    KeyStore keyStore;
    KeyCache keyCache;

    Services(EssorConfig config, PrometheusMeterRegistry metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    public EssorConfig config() {
        return config;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    public Readiness readiness() {
        return readiness;
    }

    public Credentials credentials() {
        return credentials;
    }

    public Database database() {
        return database;
    }

    /** Parse, place and store notices (the push route and the poller share it). */
    public NoticeIngestion noticeIngestion() {
        return noticeIngestion;
    }

    /** Read stored notices: by id, or a search. */
    public NoticeSearch noticeSearch() {
        return noticeSearch;
    }

    /** The feed poller, or null when no feed is pulled. */
    public FeedPollerVerticle feedPoller() {
        return feedPoller;
    }

    /** Registry writes and reads (imports, upserts, deletes) over PostgreSQL. */
    public Registry registry() {
        return registry;
    }

    /** The Lucene index of the registry, for search and matching; null until the index verticle has opened it. */
    public EnterpriseIndex enterpriseIndex() {
        return registryIndex == null ? null : registryIndex.index();
    }

    /** The verticle keeping the index in step with PostgreSQL (e.g. {@code awaitChange} to read one's writes). */
    public IndexVerticle registryIndex() {
        return registryIndex;
    }

    /** Scoring and reservability over the index (blocking: call from workers). */
    public MatchingService matching() {
        return matching;
    }

    /** Stored matches of notices. */
    public MatchStore matchStore() {
        return matchStore;
    }

    public SubscriptionStore subscriptions() {
        return subscriptions;
    }

    /** API keys made through {@code POST /api/keys} (PostgreSQL). */
    public KeyStore keyStore() {
        return keyStore;
    }

    /** Those keys in memory, as authentication reads them. */
    public KeyCache keyCache() {
        return keyCache;
    }
}
