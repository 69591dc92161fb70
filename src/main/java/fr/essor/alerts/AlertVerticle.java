package fr.essor.alerts;

import fr.essor.config.EssorConfig;
import fr.essor.config.Topics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import fr.essor.matching.MatchStore;
import fr.essor.matching.MatchingConfig;
import fr.essor.matching.NoticeLots;
import fr.essor.matching.PlaceResolver;
import fr.essor.matching.TermExtractor;
import fr.essor.notice.NoticeRoutes;
import fr.essor.notice.NoticeSearch;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.index.FrenchTextAnalyzer;
import java.time.Clock;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Alerts: on {@code matches.ready} the fan-out records what each subscriber should get (and streams every match);
 * a timer pushes due deliveries to their callbacks, retrying with back-off.
 */
public final class AlertVerticle extends VerticleBase {
    private static final Logger LOG = Logger.getLogger(AlertVerticle.class.getName());

    private final Function<WebClient, WebhookDispatcher> dispatcherFactory;
    private final AlertFanOut fanOut;
    private final DeliveryPolicy policy;
    private WebClient client;
    private WebhookDispatcher dispatcher;
    private long timer;
    private boolean sending;

    AlertVerticle(AlertFanOut fanOut, DeliveryPolicy policy, Function<WebClient, WebhookDispatcher> dispatcherFactory) {
        this.fanOut = fanOut;
        this.policy = policy;
        this.dispatcherFactory = dispatcherFactory;
    }

    /** The verticle with its parts, from the {@code alerts} configuration section. */
    public static AlertVerticle create(Vertx vertx, Pool pool, NoticeSearch notices, MatchStore matches, SubscriptionStore subscriptions,
                                       MatchingConfig matchingConfig, ReferenceData reference, EssorConfig config) {
        QueryAlertRule rule = new QueryAlertRule(new TermExtractor(new FrenchTextAnalyzer()),
                config.intIn("alerts.queryMinCpvDepth", 2, 8), config.doubleIn("alerts.queryRadiusKm", 0, 20_000));
        NoticeLots lots = new NoticeLots(new PlaceResolver(reference.geography()), Clock.systemUTC());
        AlertFanOut fanOut = new AlertFanOut(vertx, pool, notices, matches, subscriptions, lots, rule, matchingConfig, reference,
                config.intIn("alerts.itemsPerLot", 0, 1000), new MatchEventStore(pool, MatchEventStore.window(config)));
        DeliveryPolicy policy = DeliveryPolicy.from(config);
        CallbackGuard guard = new CallbackGuard(CallbackPolicy.from(config), HostResolver.system(vertx));
        return new AlertVerticle(fanOut, policy, client -> new WebhookDispatcher(pool, client, policy, guard));
    }

    @Override
    public Future<?> start() {
        client = WebClient.create(vertx, new WebClientOptions().setUserAgent("essor-alerts").setFollowRedirects(false).setVerifyHost(true)
                .setConnectTimeout((int) policy.timeout().toMillis()));
        dispatcher = dispatcherFactory.apply(client);
        vertx.eventBus().<JsonObject>consumer(Topics.MATCHES_READY, message -> {
            UUID id = NoticeRoutes.uuid(message.body() == null ? null : message.body().getString("noticeId"));
            if (id == null) {
                return;
            }
            fanOut.onMatchesReady(id)
                    .onSuccess(n -> {
                        if (n > 0) {
                            sendDue();
                        }
                    })
                    .onFailure(e -> LOG.log(Level.WARNING, "alert fan-out for notice " + id + " failed", e));
        });
        vertx.eventBus().consumer(Topics.DELIVERIES_DUE, message -> sendDue());
        return dispatcher.recover().onSuccess(v -> timer = vertx.setPeriodic(policy.poll().toMillis(), t -> sendDue()));
    }

    private void sendDue() {
        if (sending) {
            return;
        }
        sending = true;
        dispatcher.sendDue()
                .onFailure(e -> LOG.log(Level.WARNING, "sending alerts failed", e))
                .onComplete(ar -> sending = false);
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        client.close();
        return Future.succeededFuture();
    }
}
