package fr.essor.notice;

import fr.essor.config.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What ingestion runs on its own: the outbox relay (woken after each commit, swept on a timer, and run once at start
 * so rows committed before a crash are published), and housekeeping (published outbox rows and remembered feed
 * deliveries past their retention). Its start completes once the outbox is empty.
 */
public final class IngestVerticle extends VerticleBase {
    private static final Logger LOG = Logger.getLogger(IngestVerticle.class.getName());
    private static final long HOUSEKEEPING_MILLIS = 3_600_000;

    /** @param sweepMillis how often pending outbox rows are looked for without a wake-up */
    public record Settings(int batchSize, long sweepMillis, int outboxRetentionDays, int deliveryRetentionDays) {
    }

    private final Pool pool;
    private final MeterRegistry metrics;
    private final Settings settings;
    private OutboxRelay relay;
    private MessageConsumer<Object> wakeUps;
    private long sweep = -1;
    private long housekeeping = -1;

    public IngestVerticle(Pool pool, MeterRegistry metrics, Settings settings) {
        this.pool = pool;
        this.metrics = metrics;
        this.settings = settings;
    }

    @Override
    public Future<?> start() {
        relay = new OutboxRelay(pool, vertx.eventBus(), settings.batchSize(), metrics);
        wakeUps = vertx.eventBus().localConsumer(Topics.OUTBOX_PENDING, m -> relay.drain());
        sweep = vertx.setPeriodic(settings.sweepMillis(), t -> relay.drain());
        housekeeping = vertx.setPeriodic(HOUSEKEEPING_MILLIS, t -> keepHouse());
        return wakeUps.completion().compose(v -> relay.drain());
    }

    private void keepHouse() {
        relay.prune(settings.outboxRetentionDays())
                .compose(n -> pool.preparedQuery("DELETE FROM feed_deliveries WHERE received_at < now() - make_interval(days => $1)")
                        .execute(Tuple.of(settings.deliveryRetentionDays())))
                .onFailure(e -> LOG.log(Level.WARNING, "ingest housekeeping failed; next hour again", e));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(sweep);
        vertx.cancelTimer(housekeeping);
        // rows not yet published stay in the outbox: the relay runs once at the next start
        return wakeUps.unregister().compose(v -> relay.stop());
    }
}
