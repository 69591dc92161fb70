package fr.essor.notice;

import fr.essor.http.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.DatabaseException;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one ingestion path, for signed pushes, admins' uploads and pulled feeds: verify (a push), parse and place on one
 * worker hop, then store in one transaction (see {@link NoticeStore}). Parsers' 400/415/422 pass through; a push whose items are all
 * refused is a 422 naming each item, and nothing of it is kept (its webhook-id included).
 */
public final class NoticeIngestion {
    private static final Logger LOG = Logger.getLogger(NoticeIngestion.class.getName());

    private final Vertx vertx;
    private final NoticeStore store;
    private final NoticeGeocoder geocoder;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter refused;
    private final Timer prepareTime;
    private final Timer storeTime;
    private static final long QUIET_NANOS = 200_000_000L;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long lastAnswered = System.nanoTime() - QUIET_NANOS;

    public NoticeIngestion(Vertx vertx, NoticeStore store, NoticeGeocoder geocoder, MeterRegistry metrics) {
        this.vertx = vertx;
        this.store = store;
        this.geocoder = geocoder;
        this.stored = Counter.builder("essor_notices_stored").description("notices stored").register(metrics);
        this.duplicates = Counter.builder("essor_notices_duplicates").description("notices met again").register(metrics);
        this.refused = Counter.builder("essor_notices_refused").description("notice items refused").register(metrics);
        this.prepareTime = Timer.builder("essor_notices_prepare").description("parse and place a body, on a worker")
                .register(metrics);
        this.storeTime = Timer.builder("essor_notices_store").description("store a push in one transaction, to commit")
                .register(metrics);
    }

    public NoticeStore store() {
        return store;
    }

    /** Parses, places and stores a body; {@code delivery} null unless it is a verified feed push. */
    public Future<IngestResult> ingest(String contentType, Buffer body, FeedSignature.Delivery delivery, String from) {
        return ingest(contentType, body, () -> delivery, from);
    }

    /**
     * A feed's push: its signature is checked over the raw body on the same worker that parses it (one hop off the
     * event loop, not two), then it is stored under the verified delivery.
     */
    public Future<IngestResult> ingestSigned(String contentType, Buffer body, Callable<FeedSignature.Delivery> verify) {
        return ingest(contentType, body, verify, null);
    }

    /**
     * Pushes are being taken: one is parsed or stored now, or one was answered less than {@link #QUIET_NANOS} ago (a
     * feed sending one push after another leaves gaps of a round trip between them). Automatic matching yields then.
     */
    public boolean busy() {
        return inFlight.get() > 0 || System.nanoTime() - lastAnswered < QUIET_NANOS;
    }

    private Future<IngestResult> ingest(String contentType, Buffer body, Callable<FeedSignature.Delivery> verify,
                                        String from) {
        inFlight.incrementAndGet();
        return prepare(contentType, body, verify).compose(prepared -> {
            IngestBatch batch = prepared.batch();
            refused.increment(batch.rejected().size());
            if (batch.ready().isEmpty() && batch.skipped().isEmpty() && !batch.rejected().isEmpty()) {
                return Future.failedFuture(IngestResult.allRejected(batch.rejected()));
            }
            FeedSignature.Delivery delivery = prepared.delivery();
            long start = System.nanoTime();
            return store.store(batch, delivery, from != null ? from : delivery == null ? null : delivery.feedId())
                    .onComplete(ar -> storeTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS))
                    .recover(NoticeIngestion::clientCaused);
        }).onSuccess(result -> {
            stored.increment(result.notices().size());
            duplicates.increment(result.duplicates());
        }).onComplete(ar -> {
            lastAnswered = System.nanoTime();
            inFlight.decrementAndGet();
        });
    }

    private record Prepared(FeedSignature.Delivery delivery, IngestBatch batch) {
    }

    /** Verify, parse and place on a worker (never on the event loop). */
    private Future<Prepared> prepare(String contentType, Buffer body, Callable<FeedSignature.Delivery> verify) {
        return vertx.executeBlocking(() -> {
            FeedSignature.Delivery delivery = verify.call(); // a bad signature fails here, before any parsing
            long start = System.nanoTime();
            try {
                return new Prepared(delivery, IngestBatch.prepare(NoticeParsers.parse(contentType, body.getBytes()), geocoder));
            } catch (ProblemException e) {
                throw e;
            } catch (RuntimeException | StackOverflowError e) {
                // a parser's failure on some input: the client's body cannot be read, and it is logged for us
                LOG.log(Level.WARNING, "a notice body could not be parsed", e);
                throw ProblemException.badRequest("the body could not be read as a notice");
            } finally {
                prepareTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        }, false);
    }

    /** What a notice's content makes PostgreSQL refuse (a data exception, a size limit) is the client's: 422. */
    private static <T> Future<T> clientCaused(Throwable e) {
        if (e instanceof DatabaseException d && d.getSqlState() != null
                && (d.getSqlState().startsWith("22") || d.getSqlState().startsWith("54"))) {
            LOG.log(Level.INFO, "a notice could not be stored: " + d.getMessage());
            return Future.failedFuture(ProblemException.unprocessable("a notice could not be stored: " + d.getMessage(),
                    List.of()));
        }
        return Future.failedFuture(e);
    }
}
