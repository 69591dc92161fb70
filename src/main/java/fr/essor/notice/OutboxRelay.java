package fr.essor.notice;

import fr.essor.db.AsynchronousCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes committed outbox rows on the event bus, oldest first, and marks them published. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so several nodes (or a sweep and a wake-up) never publish one row twice; a row
 * published whose mark is then lost (a crash) is published again: at least once. Runs on its verticle's context;
 * overlapping wake-ups coalesce into one more pass.
 */
public final class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class.getName());

    private final Pool pool;
    private final EventBus eventBus;
    private final int batchSize;
    private final Counter published;
    private boolean running;
    private boolean again;
    private boolean stopped;
    private Promise<Void> idle;

    public OutboxRelay(Pool pool, EventBus eventBus, int batchSize, MeterRegistry metrics) {
        this.pool = pool;
        this.eventBus = eventBus;
        this.batchSize = batchSize;
        this.published = Counter.builder("essor_outbox_published").description("outbox rows published").register(metrics);
    }

    /** Publishes everything pending; completes when nothing is left (or at the first failure, which is logged). */
    public Future<Void> drain() {
        if (stopped) {
            return Future.succeededFuture();
        }
        if (running) {
            again = true;
            return idle.future();
        }
        running = true;
        idle = Promise.promise();
        Promise<Void> done = idle;
        pass(done);
        return done.future();
    }

    private void pass(Promise<Void> done) {
        again = false;
        batch().onComplete(ar -> {
            if (ar.failed()) {
                LOG.log(Level.WARNING, "outbox relay: will retry at the next sweep", ar.cause());
            }
            if (ar.succeeded() && !stopped && (ar.result() == batchSize || again)) {
                pass(done);
                return;
            }
            running = false;
            done.complete();
        });
    }

    /** One claimed batch, published then marked in the same transaction; the number of rows. */
    private Future<Integer> batch() {
        // the mark is redone by publishing again (at least once): it need not wait for a WAL flush
        // (sent together with the claim: one round trip)
        return pool.withTransaction(conn -> {
            Future<Void> asynchronous = AsynchronousCommit.in(conn);
            Future<RowSet<Row>> claimed = conn
                    .preparedQuery("SELECT id, topic, payload FROM outbox WHERE published_at IS NULL ORDER BY id "
                            + "LIMIT $1 FOR UPDATE SKIP LOCKED")
                    .execute(Tuple.of(batchSize));
            return Future.all(asynchronous, claimed).map(v -> claimed.result()).compose(rows -> {
                    List<Long> ids = new ArrayList<>();
                    for (Row r : rows) {
                        ids.add(r.getLong(0));
                        JsonObject payload = r.getJsonObject(2);
                        eventBus.publish(r.getString(1), payload);
                    }
                    if (ids.isEmpty()) {
                        return Future.succeededFuture(0);
                    }
                    published.increment(ids.size());
                    return conn.preparedQuery("UPDATE outbox SET published_at = now() WHERE id = ANY($1)")
                            .execute(Tuple.tuple().addValue(ids.toArray(new Long[0])))
                            .map(ids.size());
                });
        });
    }

    /** Starts no more passes; completes when the running one (if any) has committed. What is left stays for the next start. */
    public Future<Void> stop() {
        stopped = true;
        return running ? idle.future() : Future.succeededFuture();
    }

    /** Drops published rows older than the retention. */
    public Future<Integer> prune(int retentionDays) {
        return pool.preparedQuery("DELETE FROM outbox WHERE published_at < now() - make_interval(days => $1)")
                .execute(Tuple.of(retentionDays))
                .map(rows -> rows.rowCount());
    }
}
