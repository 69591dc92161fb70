package fr.essor.registry;

import fr.essor.config.Topics;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.index.EnterpriseIndex;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the Lucene index of the registry ({@code <dataDir>/index}) in step with PostgreSQL. At start it opens the
 * index on a worker; a missing, corrupt or other-schema index, or one that claims changes the database never had, is
 * rebuilt from PostgreSQL, otherwise it catches up from the high-water mark of its last commit. Then it follows
 * {@link Topics#REGISTRY_CHANGED} (and polls, for changes made by other nodes or announced while it was busy):
 * every catch-up reads the changes after what the index has applied, in change order, and applies them page by
 * page. One catch-up runs at a time. Readiness check {@code index}: up once the first catch-up is done. Stop:
 * no new catch-up, the running one finishes its page, then the index closes (drain, refresh, commit).
 */
public final class IndexVerticle extends VerticleBase {
    private static final Logger LOG = Logger.getLogger(IndexVerticle.class.getName());

    private final Path folder;
    private final EnterpriseStore store;
    private final int pageSize;
    private final long pollMillis;

    private EnterpriseIndex index;
    private MessageConsumer<JsonObject> consumer;
    private long pollTimer = -1;
    private boolean running;
    private boolean again;
    private boolean stopping;
    private boolean held;
    /** Set at open when the index must be rebuilt; cleared once a rebuild completes (a failed one is retried). */
    private boolean rebuildPending;
    private Promise<Void> idle = Promise.promise();
    private final Promise<Void> firstCatchUp = Promise.promise();
    private String state = "opening";
    /** change number → callers waiting for the index to show it. */
    private final TreeMap<Long, List<Promise<Void>>> waiters = new TreeMap<>();

    public IndexVerticle(Path folder, EnterpriseStore store, int pageSize, long pollMillis) {
        this.folder = folder;
        this.store = store;
        this.pageSize = pageSize;
        this.pollMillis = pollMillis;
        idle.complete();
    }

    @Override
    public Future<?> start() {
        return vertx.executeBlocking(() -> {
                    Files.createDirectories(folder);
                    return EnterpriseIndex.open(folder, ReferenceData.get());
                })
                .compose(opened -> {
                    index = opened;
                    return store.lastChange();
                })
                .map(last -> {
                    long committed = index.highWaterMark().committed();
                    boolean rebuild = index.openReport().needsRebuild();
                    if (!rebuild && committed > last) {
                        LOG.warning("index at " + folder + " reflects change " + committed + " but the database has "
                                + last + ": another database's index; rebuilding");
                        rebuild = true;
                    }
                    if (rebuild) {
                        LOG.info("index at " + folder + ": " + index.openReport().state() + " (" + index.openReport().detail()
                                + "), rebuilding from PostgreSQL");
                    }
                    consumer = vertx.eventBus().consumer(Topics.REGISTRY_CHANGED, message -> requestCatchUp());
                    pollTimer = vertx.setPeriodic(pollMillis, id -> requestCatchUp());
                    rebuildPending = rebuild;
                    requestCatchUp();
                    return null;
                });
    }

    /** The open index (searches run on workers). */
    public EnterpriseIndex index() {
        return index;
    }

    /** Readiness check "index": up once the first catch-up (or rebuild) is done. */
    public Future<Void> readiness() {
        String failure = index == null ? null : index.writeFailure();
        if (failure != null) {
            return Future.failedFuture("index not writable: " + failure + " (PostgreSQL has every write; the index catches up once it can write)");
        }
        if (firstCatchUp.future().succeeded()) {
            return Future.succeededFuture();
        }
        return Future.failedFuture("index " + state);
    }

    /** Completes once the index shows (after a refresh) every change up to {@code seq}. */
    public Future<Void> awaitChange(long seq) {
        Promise<Void> promise = Promise.promise();
        context.runOnContext(v -> register(seq, promise));
        return promise.future();
    }

    /**
     * Read your writes: true once the index shows every change up to {@code seq} on this node, false when
     * {@code boundMillis} run out first (or the index closes). Never blocks: the index completes the waiter when it
     * passes the change, a timer gives up on it.
     */
    public Future<Boolean> awaitSearchable(long seq, long boundMillis) {
        if (seq <= 0) {
            return Future.succeededFuture(true);
        }
        Promise<Boolean> answer = Promise.promise();
        context.runOnContext(v -> {
            Promise<Void> waiter = Promise.promise();
            long timer = vertx.setTimer(Math.max(1, boundMillis), id -> {
                if (answer.tryComplete(false)) {
                    List<Promise<Void>> list = waiters.get(seq);
                    if (list != null && list.remove(waiter) && list.isEmpty()) {
                        waiters.remove(seq);
                    }
                }
            });
            waiter.future().onComplete(ar -> {
                vertx.cancelTimer(timer);
                answer.tryComplete(ar.succeeded());
            });
            register(seq, waiter);
        });
        return answer.future();
    }

    /** On this verticle's context: the promise waits for change {@code seq}, and a catch-up is asked for. */
    private void register(long seq, Promise<Void> promise) {
        if (stopping) {
            promise.tryFail("index closing");
            return;
        }
        waiters.computeIfAbsent(seq, k -> new ArrayList<>()).add(promise);
        if (!running && !rebuildPending) {
            releaseWaiters();
        }
        requestCatchUp();
    }

    /**
     * Tests: no catch-up starts until {@code release} completes (one that runs finishes), so that a write can be seen
     * not yet searchable.
     */
    void holdCatchUp(Future<?> release) {
        context.runOnContext(v -> {
            held = true;
            release.onComplete(ar -> context.runOnContext(w -> {
                held = false;
                requestCatchUp();
            }));
        });
    }

    /** Completes once the first catch-up is done. */
    public Future<Void> firstCatchUp() {
        return firstCatchUp.future();
    }

    /**
     * Runs one job at a time on this verticle's context (a rebuild while one is pending, else a catch-up); a request
     * during a job runs another after it.
     */
    private void requestCatchUp() {
        if (stopping || index == null || held) {
            return;
        }
        if (running) {
            again = true;
            return;
        }
        running = true;
        idle = Promise.promise();
        Future<Void> job = rebuildPending ? rebuild().onSuccess(v -> rebuildPending = false) : catchUp();
        if (!firstCatchUp.future().isComplete()) {
            job = job.compose(v -> refresh()); // ready means searchable
        }
        job.onComplete(ar -> {
            running = false;
            if (ar.failed() && ar.cause() instanceof EnterpriseIndex.WentBack) {
                LOG.info(ar.cause().getMessage() + "; catching up again from there");
                again = true;
            } else if (ar.failed()) {
                String failed = "failed: " + ar.cause().getMessage();
                if (index.writeFailure() == null && !failed.equals(state)) {
                    LOG.log(Level.SEVERE, "index catch-up failed; retrying on the next change or poll", ar.cause());
                } else {
                    // a write failure (full disk) is logged once by the index and shown by readiness
                    LOG.log(Level.FINE, "index catch-up failed again", ar.cause());
                }
                state = failed;
            } else {
                state = "ready";
                firstCatchUp.tryComplete();
            }
            idle.complete();
            if (!rebuildPending) {
                releaseWaiters();
            }
            if (again && !stopping) {
                again = false;
                requestCatchUp();
            }
        });
    }

    private Future<Void> rebuild() {
        state = "rebuilding from PostgreSQL";
        long started = System.nanoTime();
        return store.lastChange()
                .compose(began -> Future.fromCompletionStage(index.beginRebuild(), context).map(began))
                .compose(began -> applyFrom(0, began))
                .compose(hwm -> Future.fromCompletionStage(index.finishRebuild(hwm), context).map(hwm))
                .map(hwm -> {
                    LOG.info(String.format("index rebuilt from PostgreSQL up to change %d in %.1f s", hwm,
                            (System.nanoTime() - started) / 1e9));
                    return null;
                });
    }

    private Future<Void> catchUp() {
        if (!firstCatchUp.future().isComplete()) {
            state = "catching up from change " + index.highWaterMark().applied();
        }
        long from = index.highWaterMark().applied();
        // what came in is searchable now rather than at the next timed refresh: a write answered by another node of
        // a cluster (whose event woke this catch-up) is found here within a second
        return applyFrom(from, 0).compose(last -> last > from ? refresh() : Future.succeededFuture());
    }

    /** Changes read from PostgreSQL and decoded: {@code last} the change number of the last one (or where it started). */
    private record Page(List<Enterprise> upserts, List<String> deletes, long from, long last, int size) {
    }

    /**
     * Applies every change after {@code seq}, page by page, and gives the last change applied. The next page is read
     * and decoded while the index writer applies the current one. One promise per run, completed at the end: a
     * future composed per page would keep every page (a rebuild's million records) reachable until the last one.
     * {@code freshUpTo}: a rebuild's pages up to this change add their documents (each SIRET has one change there and
     * the rebuild began empty); later ones, and a catch-up's (0), replace by SIRET.
     */
    private Future<Long> applyFrom(long seq, long freshUpTo) {
        Promise<Long> done = Promise.promise();
        fetch(seq).onComplete(ar -> applyPages(ar, freshUpTo, done));
        return done.future();
    }

    private Future<Page> fetch(long seq) {
        return store.changesSince(seq, pageSize).compose(changes -> vertx.executeBlocking(() -> {
            List<Enterprise> upserts = new ArrayList<>();
            List<String> deletes = new ArrayList<>();
            for (EnterpriseStore.Change c : changes) {
                if (c.doc() == null) {
                    deletes.add(c.siret());
                } else {
                    upserts.add(EnterpriseJson.fromStored(c.doc()));
                }
            }
            long last = changes.isEmpty() ? seq : changes.get(changes.size() - 1).seq();
            return new Page(upserts, deletes, seq, last, changes.size());
        }, false));
    }

    /** Applies a fetched page while the next one is fetched, then goes on with that one; ends {@code done}. */
    private void applyPages(AsyncResult<Page> fetched, long freshUpTo, Promise<Long> done) {
        if (fetched.failed()) {
            done.fail(fetched.cause());
            return;
        }
        Page page = fetched.result();
        if (page.size() == 0) {
            done.complete(page.last());
            return;
        }
        Future<Void> applied = Future.fromCompletionStage(index.apply(page.upserts(), page.deletes(), page.from(), page.last(),
                page.last() <= freshUpTo), context);
        Future<Page> next = page.size() < pageSize || stopping ? null : fetch(page.last());
        long last = page.last();
        applied.onComplete(ar -> {
            if (ar.failed()) {
                done.fail(ar.cause());
            } else if (next == null) {
                done.complete(last);
            } else {
                next.onComplete(n -> applyPages(n, freshUpTo, done));
            }
        });
    }

    private Future<Void> refresh() {
        return vertx.executeBlocking(() -> {
            index.refresh();
            return null;
        }, false);
    }

    /** Waiters whose change the index has applied: refresh once (on a worker), then tell them. */
    private void releaseWaiters() {
        if (index == null) {
            return;
        }
        long applied = index.highWaterMark().applied();
        List<Promise<Void>> ready = new ArrayList<>();
        Iterator<java.util.Map.Entry<Long, List<Promise<Void>>>> it = waiters.headMap(applied, true).entrySet().iterator();
        while (it.hasNext()) {
            ready.addAll(it.next().getValue());
            it.remove();
        }
        if (ready.isEmpty()) {
            return;
        }
        refresh().onComplete(ar -> ready.forEach(p -> p.handle(ar)));
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        if (pollTimer >= 0) {
            vertx.cancelTimer(pollTimer);
        }
        Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
        return unregistered
                .compose(v -> idle.future())
                .compose(v -> index == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
                    index.close();
                    return null;
                }))
                .onComplete(ar -> {
                    waiters.values().forEach(list -> list.forEach(p -> p.tryFail("index closed")));
                    waiters.clear();
                });
    }
}
