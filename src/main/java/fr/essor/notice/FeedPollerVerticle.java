package fr.essor.notice;

import fr.essor.http.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Pulls configured feeds (an OCDS package URL, an eForms notice, native NDJSON) on a timer with the Vert.x WebClient:
 * conditional requests (ETag / If-Modified-Since, remembered only once a body has been stored), exponential back-off
 * on errors, bodies bounded like pushed ones; what comes goes through the same path as a push (parse on a worker,
 * store in one transaction, outbox). Never blocks; one poll per feed at a time.
 */
public final class FeedPollerVerticle extends VerticleBase {
    private static final Logger LOG = Logger.getLogger(FeedPollerVerticle.class.getName());

    /** What a feed last did, for operators and tests. */
    public record FeedState(String url, int polls, int lastStatus, String lastError, int failures, int stored,
                            Instant lastPolledAt, long nextDelayMillis) {
    }

    /** A poll's outcome. */
    private record Outcome(int status, String etag, String lastModified, int stored) {
    }

    private final List<PullFeed> feeds;
    private final long intervalMillis;
    private final long maxBackoffMillis;
    private final long timeoutMillis;
    private final long bodyLimit;
    private final NoticeIngestion ingestion;
    private final MeterRegistry metrics;
    private final Map<String, FeedState> states = new ConcurrentHashMap<>();
    private final List<Poll> polls = new ArrayList<>();
    private WebClient client;
    private volatile boolean stopped;

    public FeedPollerVerticle(List<PullFeed> feeds, long intervalMillis, long maxBackoffMillis, long timeoutMillis,
                              long bodyLimit, NoticeIngestion ingestion, MeterRegistry metrics) {
        this.feeds = List.copyOf(feeds);
        this.intervalMillis = intervalMillis;
        this.maxBackoffMillis = maxBackoffMillis;
        this.timeoutMillis = timeoutMillis;
        this.bodyLimit = bodyLimit;
        this.ingestion = ingestion;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        client = WebClient.create(vertx, new WebClientOptions()
                .setUserAgent("essor-feed-poller")
                .setFollowRedirects(true)
                .setDecompressionSupported(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis)));
        for (PullFeed feed : feeds) {
            Poll poll = new Poll(feed, new PollSchedule(intervalMillis, maxBackoffMillis));
            polls.add(poll);
            states.put(feed.url(), new FeedState(feed.url(), 0, 0, null, 0, 0, null, 0));
            vertx.runOnContext(v -> poll.run());
            LOG.info("pulling " + feed.shownUrl() + " every " + intervalMillis / 1000 + " s");
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        polls.forEach(p -> vertx.cancelTimer(p.timer));
        if (client != null) {
            client.close();
        }
        return Future.succeededFuture();
    }

    /** Each feed's last outcome. */
    public List<FeedState> states() {
        return feeds.stream().map(f -> states.get(f.url())).toList();
    }

    /** One feed's polling loop: its validators and its back-off. Runs on this verticle's context only. */
    private final class Poll {
        private final PullFeed feed;
        private final PollSchedule schedule;
        private final Counter ok;
        private final Counter notModified;
        private final Counter failed;
        private String etag;
        private String lastModified;
        private int polls;
        private int stored;
        private long timer = -1;

        Poll(PullFeed feed, PollSchedule schedule) {
            this.feed = feed;
            this.schedule = schedule;
            this.ok = counter("stored");
            this.notModified = counter("not-modified");
            this.failed = counter("failed");
        }

        private Counter counter(String outcome) {
            return Counter.builder("essor_feed_polls").tag("feed", feed.shownUrl()).tag("outcome", outcome)
                    .description("feed polls by outcome").register(metrics);
        }

        void run() {
            if (stopped) {
                return;
            }
            polls++;
            Instant at = Instant.now();
            fetch().onComplete(ar -> {
                long delay;
                int status;
                String error = null;
                if (ar.succeeded()) {
                    Outcome o = ar.result();
                    status = o.status();
                    if (o.status() == 304) {
                        notModified.increment();
                    } else {
                        ok.increment();
                        stored += o.stored();
                        etag = o.etag();
                        lastModified = o.lastModified();
                    }
                    delay = schedule.succeeded();
                } else {
                    failed.increment();
                    Throwable e = ar.cause();
                    status = e instanceof PollFailure pf ? pf.status : e instanceof ProblemException pe ? pe.status() : 0;
                    error = e instanceof ProblemException pe ? pe.detail() : String.valueOf(e.getMessage());
                    delay = schedule.failed();
                    LOG.warning("feed " + feed.shownUrl() + ": " + error + "; next try in " + delay / 1000 + " s");
                }
                states.put(feed.url(), new FeedState(feed.url(), polls, status, error, schedule.failures(), stored, at, delay));
                if (!stopped) {
                    timer = vertx.setTimer(delay, t -> run());
                }
            });
        }

        private Future<Outcome> fetch() {
            HttpRequest<Buffer> request = client.getAbs(feed.url())
                    .timeout(timeoutMillis)
                    .putHeader("Accept", "application/json, application/xml, application/x-ndjson;q=0.9, */*;q=0.5")
                    .as(new BoundedBody(bodyLimit));
            if (etag != null) {
                request.putHeader("If-None-Match", etag);
            }
            if (lastModified != null) {
                request.putHeader("If-Modified-Since", lastModified);
            }
            return request.send().compose(this::take);
        }

        private Future<Outcome> take(HttpResponse<Buffer> response) {
            if (response.statusCode() == 304) {
                return Future.succeededFuture(new Outcome(304, etag, lastModified, 0));
            }
            if (response.statusCode() != 200) {
                return Future.failedFuture(new PollFailure(response.statusCode(), "answered " + response.statusCode()));
            }
            Buffer body = response.body() == null ? Buffer.buffer() : response.body();
            String type = feed.contentType(response.getHeader("Content-Type"), body.getBytes());
            return ingestion.ingest(type, body, null, "pull:" + feed.url())
                    .map(result -> new Outcome(200, response.getHeader("ETag"), response.getHeader("Last-Modified"),
                            result.notices().size()));
        }
    }

    private static final class PollFailure extends RuntimeException {
        final int status;

        PollFailure(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}
