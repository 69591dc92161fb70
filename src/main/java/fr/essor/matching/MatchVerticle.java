package fr.essor.matching;

import fr.essor.config.EssorConfig;
import fr.essor.config.Topics;
import fr.essor.notice.Notice;
import fr.essor.notice.NoticeJson;
import fr.essor.notice.NoticeRoutes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Matches every ingested notice, lot by lot, apart from the push's acknowledgement: a notice is queued on
 * {@code notice.ingested} (after its commit), and by a sweep for notices that have no finished run (an event missed,
 * a crash mid-run, a notice that came while the registry was loading; once as soon as the registry is ready, then
 * periodically). Queued notices go in groups of {@code groupSize}: one statement claims and reads a group (a claim in
 * {@code match_run}, so a lot is matched once however many sweeps or events name it), one worker hop matches it and
 * encodes its items, one transaction saves it; at most {@code concurrency} groups at once. While pushes are being
 * taken, matching waits for them — the acknowledgements come first — unless a queued notice has waited
 * {@code yieldToIngestSeconds} already. After a notice's matches are saved, {@code matches.ready} is published with
 * what was saved ({@link MatchesReady}).
 *
 * <p>Metrics: {@code essor_matching_pending} (notices queued or being matched), {@code essor_matching_lag_seconds}
 * (how long the oldest of them has waited since it was stored) and {@code essor_matching_lots_total}.
 */
public final class MatchVerticle extends VerticleBase {
    /** matches.ready stays in this JVM: it carries the saved matches by reference, and this node fans them out. */
    private static final DeliveryOptions LOCAL_ONLY = new DeliveryOptions().setLocalOnly(true);
    private static final Logger LOG = Logger.getLogger(MatchVerticle.class.getName());
    private static final long STOP_WAIT_MILLIS = 3_000;
    private static final long READY_CHECK_MILLIS = 250;
    private static final long YIELD_CHECK_MILLIS = 20;
    private static final int SWEEP_LIMIT = 1000;
    /** A push burst queues thousands of notices: walking them for the lag gauge at each one was a cost (measured). */
    private static final long LAG_REFRESH_MILLIS = 200;

    /**
     * @param storedPerLot match items kept per lot; @param sweepMillis how often to look for unmatched notices;
     * @param groupSize notices claimed, matched and saved together; @param claimSeconds how long a claim holds before
     * another matcher may take the notice (its matcher died); @param yieldToIngestSeconds how long a notice may wait
     * for pushes in flight
     */
    public record Settings(int storedPerLot, long sweepMillis, int concurrency, int groupSize, int claimSeconds,
                           int yieldToIngestSeconds) {
        public static Settings from(EssorConfig config) {
            return new Settings(config.intIn("automaticMatching.storedPerLot", 1, 1000),
                    config.intIn("automaticMatching.sweepSeconds", 1, 86_400) * 1000L,
                    config.intIn("automaticMatching.concurrency", 1, 64),
                    config.intIn("automaticMatching.groupSize", 1, 1000),
                    config.intIn("automaticMatching.claimSeconds", 1, 86_400),
                    config.intIn("automaticMatching.yieldToIngestSeconds", 0, 3_600));
        }
    }

    private final MatchingService matching;
    private final MatchStore store;
    private final BooleanSupplier registryReady;
    private final BooleanSupplier ingestBusy;
    private final Settings settings;
    private final MeterRegistry metrics;
    /** Notices waiting, in arrival order, with since when (millis) each waits. */
    private final LinkedHashMap<UUID, Long> queued = new LinkedHashMap<>();
    /** Notices of the groups under way, with since when each waits. */
    private final Map<UUID, Long> running = new HashMap<>();
    private int groups;
    private boolean lastSweepFull;
    private boolean sweeping;
    private long sweepTimer = -1;
    private long readyTimer = -1;
    private long yieldTimer = -1;
    private MessageConsumer<JsonObject> ingested;
    private Counter lotsMatched;
    /** What the gauges read from the scraping thread: refreshed on this verticle's context. */
    private volatile int pending;
    private volatile long oldestSince = -1;
    private long lagRefreshedAt;
    /** Read by the matching on workers, which gives up between two lots. */
    private volatile boolean stopping;
    private Promise<Void> idle;

    public MatchVerticle(MatchingService matching, MatchStore store, BooleanSupplier registryReady,
                         BooleanSupplier ingestBusy, Settings settings, MeterRegistry metrics) {
        this.matching = matching;
        this.store = store;
        this.registryReady = registryReady;
        this.ingestBusy = ingestBusy;
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        MatchesReady.registerCodec(vertx.eventBus());
        lotsMatched = Counter.builder("essor_matching_lots").description("lots matched automatically").register(metrics);
        Gauge.builder("essor_matching_pending", this, v -> v.pending)
                .description("notices queued for automatic matching or being matched").register(metrics);
        Gauge.builder("essor_matching_lag_seconds", this, v -> v.lagSeconds())
                .description("how long the oldest notice waiting for its automatic matching has waited since it was stored")
                .register(metrics);
        ingested = vertx.eventBus().<JsonObject>consumer(Topics.NOTICE_INGESTED, message -> {
            UUID id = NoticeRoutes.uuid(message.body() == null ? null : message.body().getString("id"));
            if (id != null) {
                enqueue(id, System.currentTimeMillis());
                drain();
            }
        });
        sweepTimer = vertx.setPeriodic(settings.sweepMillis(), t -> sweep());
        // the first sweep as soon as the registry is searchable: notices stored meanwhile are matched then
        readyTimer = vertx.setPeriodic(0, READY_CHECK_MILLIS, t -> {
            if (registryReady.getAsBoolean()) {
                vertx.cancelTimer(readyTimer);
                sweep();
            }
        });
        return Future.succeededFuture();
    }

    private double lagSeconds() {
        long since = oldestSince;
        return since < 0 ? 0 : Math.max(0, System.currentTimeMillis() - since) / 1000.0;
    }

    /** Looks for notices without a finished run; completes once they are queued. */
    Future<Void> sweep() {
        if (stopping || sweeping || !registryReady.getAsBoolean()) {
            return Future.succeededFuture();
        }
        sweeping = true;
        return store.unmatched(SWEEP_LIMIT)
                .onSuccess(waiting -> {
                    lastSweepFull = waiting.size() == SWEEP_LIMIT;
                    waiting.forEach(w -> enqueue(w.noticeId(), w.sinceMillis()));
                })
                .onFailure(e -> LOG.log(Level.WARNING, "match sweep failed", e))
                .onComplete(ar -> {
                    sweeping = false;
                    drain();
                })
                .mapEmpty();
    }

    private void enqueue(UUID id, long since) {
        if (!running.containsKey(id)) {
            queued.putIfAbsent(id, since);
        }
        refreshGauges();
    }

    private void drain() {
        // while the registry loads, notices wait: the sweep at readiness brings back those missed meanwhile
        while (!stopping && groups < settings.concurrency() && !queued.isEmpty() && registryReady.getAsBoolean()) {
            if (yieldToIngest()) {
                if (yieldTimer < 0) {
                    yieldTimer = vertx.setTimer(YIELD_CHECK_MILLIS, t -> {
                        yieldTimer = -1;
                        drain();
                    });
                }
                return;
            }
            Map<UUID, Long> group = new LinkedHashMap<>();
            for (Iterator<Map.Entry<UUID, Long>> it = queued.entrySet().iterator(); it.hasNext() && group.size() < settings.groupSize(); ) {
                Map.Entry<UUID, Long> e = it.next();
                group.put(e.getKey(), e.getValue());
                it.remove();
            }
            running.putAll(group);
            groups++;
            List<UUID> ids = new ArrayList<>(group.keySet());
            matchGroup(ids).onComplete(ar -> {
                if (ar.failed()) {
                    if (ar.cause() instanceof CancellationException) {
                        LOG.fine(() -> "matching of " + ids.size() + " notice(s) left pending: the service is stopping");
                    } else {
                        LOG.log(Level.WARNING, "matching " + ids.size() + " notice(s) failed; the sweep will retry", ar.cause());
                    }
                    // given back, so that the next sweep (or the next start) takes them without waiting for the lease
                    store.release(ids).onFailure(e -> LOG.log(Level.FINE, "claims not released; they expire", e));
                }
                groups--;
                ids.forEach(running::remove);
                refreshGauges();
                if (stopping && groups == 0) {
                    idle.tryComplete();
                }
                drain();
            });
        }
        refreshGauges();
        if (!stopping && groups == 0 && queued.isEmpty() && lastSweepFull) {
            lastSweepFull = false;
            sweep(); // a backlog bigger than one sweep: the next part of it
        }
    }

    /** Pushes are being taken and no queued notice has waited the configured bound: acknowledgements first. */
    private boolean yieldToIngest() {
        if (!ingestBusy.getAsBoolean()) {
            return false;
        }
        long oldest = Long.MAX_VALUE;
        for (long since : queued.values()) {
            oldest = Math.min(oldest, since);
        }
        return System.currentTimeMillis() - oldest < settings.yieldToIngestSeconds() * 1000L;
    }

    /** The pending count at once; the oldest wait at most every {@link #LAG_REFRESH_MILLIS} (it walks the queue). */
    private void refreshGauges() {
        pending = queued.size() + running.size();
        long now = System.currentTimeMillis();
        if (now - lagRefreshedAt < LAG_REFRESH_MILLIS && !queued.isEmpty()) {
            return;
        }
        lagRefreshedAt = now;
        long oldest = -1;
        for (long since : queued.values()) {
            oldest = oldest < 0 ? since : Math.min(oldest, since);
        }
        for (long since : running.values()) {
            oldest = oldest < 0 ? since : Math.min(oldest, since);
        }
        oldestSince = oldest;
    }

    /** Claims and reads the group, matches it on a worker (items encoded there), saves it, then says so per notice. */
    Future<Void> matchGroup(List<UUID> ids) {
        return store.claim(ids, settings.claimSeconds()).compose(claimed -> {
            if (claimed.isEmpty()) {
                return Future.succeededFuture(); // done already, or another matcher holds them
            }
            return vertx.executeBlocking(() -> matchAll(claimed), false)
                    .compose(matched -> store.saveAll(matched.stream().map(Matched::encoded).toList()).map(saved -> {
                        for (Matched m : matched) {
                            if (saved.contains(m.encoded().noticeId())) {
                                lotsMatched.increment(m.encoded().lots());
                                // what was saved goes with the news: the alerts need not read it back
                                vertx.eventBus().publish(Topics.MATCHES_READY,
                                        new MatchesReady(m.encoded().noticeId(), m.notice(), m.lots()),
                                        LOCAL_ONLY);
                            }
                        }
                        return null;
                    }));
        });
    }

    /** A notice matched: as it was read, its lots' items, and those items as the database takes them. */
    private record Matched(Notice notice, List<MatchStore.SavedLot> lots, MatchStore.Encoded encoded) {
    }

    /** On a worker: each claimed notice parsed, matched and its items encoded; one that fails is left pending. */
    private List<Matched> matchAll(List<MatchStore.Claimed> claimed) {
        List<Matched> out = new ArrayList<>();
        for (MatchStore.Claimed c : claimed) {
            try {
                Notice notice = NoticeJson.fromJson(new JsonObject(c.document()));
                List<MatchingService.LotMatches> lots = matching.match(notice, settings.storedPerLot(), () -> stopping);
                List<MatchStore.SavedLot> stored = saved(lots);
                out.add(new Matched(notice, stored, MatchStore.Encoded.of(c.noticeId(), stored)));
            } catch (CancellationException e) {
                throw e;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "matching notice " + c.noticeId() + " failed; left pending for a later sweep", e);
            }
        }
        return out;
    }

    private static List<MatchStore.SavedLot> saved(List<MatchingService.LotMatches> lots) {
        List<MatchStore.SavedLot> out = new ArrayList<>();
        for (MatchingService.LotMatches lot : lots) {
            List<MatchStore.SavedItem> items = new ArrayList<>();
            lot.result().items().forEach(i -> items.add(new MatchStore.SavedItem(i.siret(), i.score(), i.encode())));
            out.add(new MatchStore.SavedLot(lot.lotId(), items));
        }
        return out;
    }

    /**
     * Takes no more notices; a running group stops between two lots (its claims are given back and its runs stay
     * pending in PostgreSQL, like the queued notices, for the sweep at the next start) or finishes storing. The index
     * and the pool close only after this.
     */
    @Override
    public Future<?> stop() {
        stopping = true;
        vertx.cancelTimer(sweepTimer);
        vertx.cancelTimer(readyTimer);
        if (yieldTimer >= 0) {
            vertx.cancelTimer(yieldTimer);
        }
        queued.clear();
        refreshGauges();
        idle = Promise.promise();
        if (groups == 0) {
            idle.complete();
        }
        long bound = vertx.setTimer(STOP_WAIT_MILLIS, t -> {
            if (idle.tryComplete()) {
                LOG.warning(groups + " matching group(s) still going after " + STOP_WAIT_MILLIS + " ms; left pending for the next start");
            }
        });
        return ingested.unregister().compose(v -> idle.future()).onComplete(ar -> vertx.cancelTimer(bound));
    }
}
