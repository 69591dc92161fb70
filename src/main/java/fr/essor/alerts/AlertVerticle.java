package fr.essor.alerts;

import fr.essor.config.EssorConfig;
import fr.essor.config.Topics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import fr.essor.matching.MatchStore;
import fr.essor.matching.MatchesReady;
import fr.essor.matching.MatchingConfig;
import fr.essor.matching.NoticeLots;
import fr.essor.matching.PlaceResolver;
import fr.essor.matching.TermExtractor;
import fr.essor.notice.NoticeRoutes;
import fr.essor.notice.NoticeSearch;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.index.FrenchTextAnalyzer;
import java.time.Clock;
import java.time.Duration;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Alerts: on {@code matches.ready} the fan-out records what each subscriber should get (and streams every match);
 * a timer pushes due deliveries to their callbacks, retrying with back-off; a sweep fans out the notices matched but
 * never fanned out ({@code alerts.recoverySeconds}).
 */
public final class AlertVerticle extends VerticleBase {
    private static final Logger LOG = Logger.getLogger(AlertVerticle.class.getName());
    private static final long STOP_WAIT_MILLIS = 2_000;

    private final Function<WebClient, WebhookDispatcher> dispatcherFactory;
    private final AlertFanOut fanOut;
    private final DeliveryPolicy policy;
    private final Duration recovery;
    private WebClient client;
    private WebhookDispatcher dispatcher;
    private long timer = -1;
    private long recoveryTimer = -1;
    private boolean sending;
    private boolean recovering;
    private boolean stopping;
    /** Fan-outs and sends running; stop waits for them (bounded). */
    private int busy;
    private Promise<Void> idle;
    private final List<MessageConsumer<?>> consumers = new ArrayList<>();

    AlertVerticle(AlertFanOut fanOut, DeliveryPolicy policy, Duration recovery,
                  Function<WebClient, WebhookDispatcher> dispatcherFactory) {
        this.fanOut = fanOut;
        this.policy = policy;
        this.recovery = recovery;
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
        Duration recovery = Duration.ofSeconds(config.intIn("alerts.recoverySeconds", 1, 86_400));
        return new AlertVerticle(fanOut, policy, recovery, client -> new WebhookDispatcher(pool, client, policy, guard));
    }

    @Override
    public Future<?> start() {
        client = WebClient.create(vertx, new WebClientOptions().setUserAgent("essor-alerts").setFollowRedirects(false).setVerifyHost(true)
                .setConnectTimeout((int) policy.timeout().toMillis()));
        dispatcher = dispatcherFactory.apply(client);
        // local: the node that saved a notice's matches fans them out, once in a cluster (the events it stores and
        // publishes reach every node's streams); the message carries the saved matches by reference
        consumers.add(vertx.eventBus().localConsumer(Topics.MATCHES_READY, message -> {
            // the matching sends what it saved; a message naming the notice alone has it read back
            MatchesReady ready = message.body() instanceof MatchesReady r ? r : null;
            UUID id = ready != null ? ready.noticeId()
                    : message.body() instanceof JsonObject named ? NoticeRoutes.uuid(named.getString("noticeId")) : null;
            if (id == null || stopping) {
                return;
            }
            busy++;
            Future<Integer> fannedOut = ready != null ? fanOut.onMatchesReady(ready) : fanOut.onMatchesReady(id);
            fannedOut
                    .onSuccess(n -> {
                        if (n > 0) {
                            sendDue();
                        }
                    })
                    .onFailure(e -> LOG.log(Level.WARNING, "alert fan-out for notice " + id + " failed", e))
                    .onComplete(ar -> done());
        }));
        consumers.add(vertx.eventBus().consumer(Topics.DELIVERIES_DUE, message -> sendDue()));
        // notices matched but not fanned out (their node stopped in between): looked for at start, then periodically
        recoveryTimer = vertx.setPeriodic(0, recovery.toMillis(), t -> recover());
        return dispatcher.recover().onSuccess(v -> timer = vertx.setPeriodic(policy.poll().toMillis(), t -> sendDue()));
    }

    private void recover() {
        if (recovering || stopping) {
            return; // a sweep still running (a long outage's backlog) is not doubled by the next tick
        }
        recovering = true;
        busy++;
        fanOut.recover(recovery)
                .onSuccess(n -> {
                    if (n > 0) {
                        sendDue();
                    }
                })
                .onFailure(e -> LOG.log(Level.WARNING, "the alerts' recovery sweep failed; the next one retries", e))
                .onComplete(ar -> {
                    recovering = false;
                    done();
                });
    }

    private void sendDue() {
        if (sending || stopping) {
            return;
        }
        sending = true;
        busy++;
        dispatcher.sendDue()
                .onFailure(e -> LOG.log(Level.WARNING, "sending alerts failed", e))
                .onComplete(ar -> {
                    sending = false;
                    done();
                });
    }

    private void done() {
        busy--;
        if (stopping && busy == 0) {
            idle.tryComplete();
        }
    }

    /**
     * Takes no more events, lets running fan-outs and sends finish (bounded), then closes the client. Deliveries not
     * sent stay due in PostgreSQL for the next start.
     */
    @Override
    public Future<?> stop() {
        stopping = true;
        vertx.cancelTimer(timer);
        vertx.cancelTimer(recoveryTimer);
        idle = Promise.promise();
        if (busy == 0) {
            idle.complete();
        }
        long bound = vertx.setTimer(STOP_WAIT_MILLIS, t -> {
            if (idle.tryComplete()) {
                LOG.warning(busy + " alert fan-out(s) or send(s) still running after " + STOP_WAIT_MILLIS + " ms; stopping anyway");
            }
        });
        return Future.all(consumers.stream().map(MessageConsumer::unregister).toList())
                .compose(v -> idle.future())
                .onComplete(ar -> {
                    vertx.cancelTimer(bound);
                    client.close();
                });
    }
}
