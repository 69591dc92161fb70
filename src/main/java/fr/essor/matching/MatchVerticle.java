package fr.essor.matching;

import fr.essor.config.EssorConfig;
import fr.essor.config.Topics;
import fr.essor.notice.Notice;
import fr.essor.notice.NoticeJson;
import fr.essor.notice.NoticeRoutes;
import fr.essor.notice.NoticeSearch;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Matches every ingested notice, lot by lot: on {@code notice.ingested}, and by a periodic sweep for notices that
 * have no finished run (an event missed, a crash mid-run, a notice that came while the registry was loading). The
 * matching itself runs on workers; at most {@code concurrency} notices at once, the rest wait in a queue. After the
 * matches are stored, {@code matches.ready} is published.
 */
public final class MatchVerticle extends VerticleBase {
    private static final Logger LOG = Logger.getLogger(MatchVerticle.class.getName());
    private static final long STOP_WAIT_MILLIS = 3_000;

    /** @param storedPerLot match items kept per lot; @param sweepMillis how often to look for unmatched notices */
    public record Settings(int storedPerLot, long sweepMillis, int concurrency) {
        public static Settings from(EssorConfig config) {
            return new Settings(config.intIn("automaticMatching.storedPerLot", 1, 1000),
                    config.intIn("automaticMatching.sweepSeconds", 1, 86_400) * 1000L,
                    config.intIn("automaticMatching.concurrency", 1, 64));
        }
    }

    private final MatchingService matching;
    private final MatchStore store;
    private final NoticeSearch notices;
    private final BooleanSupplier registryReady;
    private final Settings settings;
    private final Deque<UUID> queue = new ArrayDeque<>();
    private final Set<UUID> known = new HashSet<>();
    private int running;
    private long sweepTimer;
    private MessageConsumer<JsonObject> ingested;
    /** Read by the matching on workers, which gives up between two lots. */
    private volatile boolean stopping;
    private Promise<Void> idle;

    public MatchVerticle(MatchingService matching, MatchStore store, NoticeSearch notices, BooleanSupplier registryReady,
                         Settings settings) {
        this.matching = matching;
        this.store = store;
        this.notices = notices;
        this.registryReady = registryReady;
        this.settings = settings;
    }

    @Override
    public Future<?> start() {
        ingested = vertx.eventBus().<JsonObject>consumer(Topics.NOTICE_INGESTED, message -> {
            UUID id = NoticeRoutes.uuid(message.body() == null ? null : message.body().getString("id"));
            if (id != null) {
                enqueue(id);
            }
        });
        sweepTimer = vertx.setPeriodic(0, settings.sweepMillis(), t -> sweep());
        return Future.succeededFuture();
    }

    private void sweep() {
        if (!registryReady.getAsBoolean()) {
            return;
        }
        store.unmatched(100).onSuccess(ids -> ids.forEach(this::enqueue))
                .onFailure(e -> LOG.log(Level.WARNING, "match sweep failed", e));
    }

    private void enqueue(UUID id) {
        if (known.add(id)) {
            queue.add(id);
        }
        drain();
    }

    private void drain() {
        // while the registry loads, notices wait: the sweep brings them back once it is searchable
        while (!stopping && running < settings.concurrency() && !queue.isEmpty() && registryReady.getAsBoolean()) {
            UUID id = queue.poll();
            running++;
            matchNotice(id)
                    .onFailure(e -> {
                        if (e instanceof java.util.concurrent.CancellationException) {
                            LOG.fine(() -> "matching notice " + id + " left pending: the service is stopping");
                        } else {
                            LOG.log(Level.WARNING, "matching notice " + id + " failed; the sweep will retry", e);
                        }
                    })
                    .onComplete(ar -> {
                        running--;
                        known.remove(id);
                        if (stopping && running == 0) {
                            idle.tryComplete();
                        }
                        drain();
                    });
        }
    }

    /** Matches one stored notice and stores the result; a notice gone meanwhile is nothing to do. */
    Future<Void> matchNotice(UUID id) {
        return notices.find(id).compose(found -> {
            if (found.isEmpty()) {
                return Future.succeededFuture();
            }
            Notice notice = NoticeJson.fromJson(found.get());
            return store.markPending(id, notice.lots().size())
                    .compose(v -> vertx.executeBlocking(() -> matching.match(notice, settings.storedPerLot(), () -> stopping), false))
                    .compose(lots -> store.save(id, stored(lots)).map(count -> {
                        vertx.eventBus().publish(Topics.MATCHES_READY,
                                new JsonObject().put("noticeId", id.toString()).put("lots", lots.size()).put("matches", count));
                        return null;
                    }));
        });
    }

    private static List<MatchStore.StoredLot> stored(List<MatchingService.LotMatches> lots) {
        List<MatchStore.StoredLot> out = new ArrayList<>();
        for (MatchingService.LotMatches lot : lots) {
            List<JsonObject> items = new ArrayList<>();
            lot.result().items().forEach(i -> items.add(i.toJson()));
            out.add(new MatchStore.StoredLot(lot.lotId(), items));
        }
        return out;
    }

    /**
     * Takes no more notices; a running one stops between two lots (its run stays pending in PostgreSQL, like the
     * queued notices, and the sweep takes them at the next start) or finishes storing. The index and the pool close
     * only after this.
     */
    @Override
    public Future<?> stop() {
        stopping = true;
        vertx.cancelTimer(sweepTimer);
        queue.clear();
        idle = Promise.promise();
        if (running == 0) {
            idle.complete();
        }
        long bound = vertx.setTimer(STOP_WAIT_MILLIS, t -> {
            if (idle.tryComplete()) {
                LOG.warning(running + " matching run(s) still going after " + STOP_WAIT_MILLIS + " ms; left pending for the next start");
            }
        });
        return ingested.unregister().compose(v -> idle.future()).onComplete(ar -> vertx.cancelTimer(bound));
    }

}
