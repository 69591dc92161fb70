package fr.essor.bench;

import fr.essor.notice.FeedSignature;
import fr.essor.testing.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Soak: the whole service in-process on the real registry (siae_lemarche.csv, 3,828 employers) under a steady mixed
 * load on loopback for a long while — signed pushes of the eForms SDK examples (each a new notice), ad hoc
 * {@code POST /api/match}, {@code GET /api/enterprises} searches, and one open {@code /api/stream} — at bounded
 * counts per second (open loop: a kind already at its in-flight cap skips its turn and counts it as an error).
 * Prints p50/p99 and errors per kind each minute, and the heap used after a forced GC once warmed up and at the end,
 * flagging a growth above 20 %.
 *
 * <p>Arguments: {@code [seconds (default 600)]}. Uses ESSOR_TEST_DB_URL's PostgreSQL when set, else an embedded one.
 */
public final class SoakBench {
    private static final Path REGISTRY = Path.of("../shared/data/registry/siae_lemarche.csv");
    private static final int PUSHES_PER_SECOND = 2;
    private static final int MATCHES_PER_SECOND = 6;
    private static final int SEARCHES_PER_SECOND = 12;
    private static final int IN_FLIGHT_CAP = 16;
    private static final long REQUEST_TIMEOUT_MS = 30_000;
    private static final double HEAP_GROWTH_LIMIT = 0.20;

    private static final List<JsonObject> LOTS = List.of(
            lot("nettoyage de bureaux et vitrerie", "90910000", "93100"),
            lot("entretien des espaces verts", "77310000", "69003"),
            lot("collecte et recyclage de papiers de bureau", "90500000", "33000"),
            lot("blanchisserie, location et entretien de linge", "98310000", "59000"),
            lot("restauration collective, portage de repas", "55520000", "13001"),
            lot("travaux de second oeuvre, peinture", "45442100", "44000"),
            lot("mise à disposition de personnel", "79620000", "67000"),
            lot("conditionnement et travaux de sous-traitance industrielle", "79921000", "31000"));
    private static final List<Map<String, String>> SEARCHES = List.of(
            Map.of("q", "nettoyage", "near", "48.85,2.35", "radiusKm", "20"),
            Map.of("q", "espaces verts", "department", "69"),
            Map.of("q", "recyclage", "category", "EA"),
            Map.of("q", "restauration", "near", "43.30,5.37", "radiusKm", "50"),
            Map.of("q", "bâtiment", "department", "44"),
            Map.of("cpv", "90910000", "near", "45.76,4.84", "radiusKm", "30"),
            Map.of("q", "blanchisserie"),
            Map.of("category", "ACI", "department", "59"));

    private SoakBench() {
    }

    private static JsonObject lot(String text, String cpv, String postcode) {
        return new JsonObject().put("text", text).put("cpv", new JsonArray().add(cpv))
                .put("place", new JsonObject().put("postcode", postcode)).put("size", 20);
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        int warmUp = Math.min(60, Math.max(5, seconds / 5));
        List<byte[]> notices = NoticeIngestBench.examples();
        System.out.printf("essor soak: %d s (warm-up %d s), per second %d signed pushes, %d matches, %d searches, "
                        + "one open stream; at most %d in flight per kind; %d cores, max heap %d MiB%n",
                seconds, warmUp, PUSHES_PER_SECOND, MATCHES_PER_SECOND, SEARCHES_PER_SECOND, IN_FLIGHT_CAP,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        // the soak measures the service, not the edge: limits off, as ESSOR_RATE_LIMITS=off does
        System.out.println("rate limits: off for this bench (http.rateLimits.enabled=false, as ESSOR_RATE_LIMITS=off)");
        int exit = 0;
        try (TestApp app = TestApp.start(TestApp.rateLimitsOff())) {
            JsonObject imported = app.importRegistry(REGISTRY, "lemarche");
            System.out.printf("registry: %d enterprises imported from %s%n", imported.getInteger("imported"), REGISTRY);
            // the load has its own Vert.x: a service event loop held up does not hold up the clock of the load
            Vertx vertx = Vertx.vertx();
            WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(app.port()), new PoolOptions().setHttp1MaxSize(3 * IN_FLIGHT_CAP));
            Kind push = new Kind("push", PUSHES_PER_SECOND, i -> pushed(client, notices, i));
            Kind match = new Kind("match", MATCHES_PER_SECOND, i -> client.post("/api/match")
                    .bearerTokenAuthentication(TestApp.OFFICER_KEY).timeout(REQUEST_TIMEOUT_MS)
                    .sendJsonObject(LOTS.get((int) (i % LOTS.size()))));
            Kind search = new Kind("search", SEARCHES_PER_SECOND, i -> {
                HttpRequest<Buffer> request = client.get("/api/enterprises").bearerTokenAuthentication(TestApp.OFFICER_KEY)
                        .timeout(REQUEST_TIMEOUT_MS);
                SEARCHES.get((int) (i % SEARCHES.size())).forEach(request::addQueryParam);
                return request.send();
            });
            List<Kind> kinds = List.of(push, match, search);
            Stream stream = new Stream(vertx, app.port());
            stream.open();

            long tick = vertx.setPeriodic(100, id -> kinds.forEach(Kind::tick));
            long start = System.nanoTime();
            int minute = 0;
            long heapWarm = -1;
            long nextReport = 60;
            while (true) {
                long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                if (heapWarm < 0 && elapsed >= warmUp) {
                    heapWarm = heapAfterGc();
                    System.out.printf("after warm-up (%d s): heap used after GC %.1f MiB%n", elapsed, heapWarm / 1048576.0);
                }
                if (elapsed >= nextReport || elapsed >= seconds) {
                    report(++minute, elapsed, kinds, stream);
                    nextReport += 60;
                }
                if (elapsed >= seconds) {
                    break;
                }
                Thread.sleep(200);
            }
            vertx.cancelTimer(tick);
            for (int i = 0; i < 300 && kinds.stream().anyMatch(k -> k.inFlight() > 0); i++) {
                Thread.sleep(100);
            }
            long heapEnd = heapAfterGc();
            double growth = (double) heapEnd / heapWarm - 1;
            boolean flagged = growth > HEAP_GROWTH_LIMIT;
            System.out.printf("end: heap used after GC %.1f MiB; after warm-up %.1f MiB; ratio %.2f (%+.1f %%)%s%n",
                    heapEnd / 1048576.0, heapWarm / 1048576.0, (double) heapEnd / heapWarm, growth * 100,
                    flagged ? " — FLAG: more than 20 % growth" : " — within 20 %");
            for (Kind k : kinds) {
                System.out.printf("total %-6s %d answered, %d errors %s%n", k.name, k.totalOk.get(), k.totalErrors.get(),
                        k.allErrors());
            }
            System.out.printf("total stream: %d match events read, %d reopenings%n", stream.events.get(), stream.reopened.get());
            exit = flagged ? 1 : 0;
            stream.close();
            client.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        System.exit(exit);
    }

    private static io.vertx.core.Future<HttpResponse<Buffer>> pushed(WebClient client, List<byte[]> notices, long i) {
        byte[] body = NoticeIngestBench.fresh(notices.get((int) (i % notices.size())));
        String id = "soak-" + UUID.randomUUID();
        String ts = Long.toString(Instant.now().getEpochSecond());
        return client.post("/api/notices").timeout(REQUEST_TIMEOUT_MS)
                .putHeader("Content-Type", "application/xml")
                .putHeader("X-Feed-Id", "test")
                .putHeader("webhook-id", id)
                .putHeader("webhook-timestamp", ts)
                .putHeader("webhook-signature", FeedSignature.header(NoticeIngestBench.FEED_SECRET, id, ts, body))
                .sendBuffer(Buffer.buffer(body));
    }

    private static void report(int minute, long elapsed, List<Kind> kinds, Stream stream) {
        // the machine's load average tells a slow minute of the service from a busy machine
        StringBuilder line = new StringBuilder(String.format("minute %d (%d s, load average %.1f):", minute, elapsed,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        for (Kind k : kinds) {
            Window w = k.drain();
            line.append(String.format(" | %s %d sent, %d ok p50 %.0f ms p99 %.0f ms, errors %s", k.name, w.sent, w.latencies.length,
                    w.percentile(0.50), w.percentile(0.99), w.errors.isEmpty() ? "0" : w.errors));
        }
        line.append(String.format(" | stream %d events, %d closed and reopened, now %s", stream.drainEvents(),
                stream.drainReopened(), stream.open ? "open" : "closed"));
        System.out.println(line);
    }

    /** Heap used after forced collections (several, so that objects with finalizers or soft references settle). */
    private static long heapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            memory.gc();
            Thread.sleep(300);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private record Window(long sent, long[] latencies, Map<String, Integer> errors) {
        double percentile(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            return latencies[Math.min(latencies.length - 1, (int) (latencies.length * p))] / 1e6;
        }
    }

    /** One kind of request sent at a fixed rate, its latencies and errors of the current minute. */
    private static final class Kind {
        final String name;
        final int perSecond;
        final java.util.function.LongFunction<io.vertx.core.Future<HttpResponse<Buffer>>> call;
        final AtomicLong totalOk = new AtomicLong();
        final AtomicLong totalErrors = new AtomicLong();
        private final Map<String, Integer> errorsEver = new TreeMap<>();
        private List<Long> latencies = new ArrayList<>();
        private Map<String, Integer> errors = new TreeMap<>();
        private double credit;
        private long sent;
        private long sentBefore;
        private int inFlight;

        Kind(String name, int perSecond, java.util.function.LongFunction<io.vertx.core.Future<HttpResponse<Buffer>>> call) {
            this.name = name;
            this.perSecond = perSecond;
            this.call = call;
        }

        /** Every 100 ms: the requests due, unless the kind is at its in-flight cap. */
        synchronized void tick() {
            credit += perSecond / 10.0;
            while (credit >= 1) {
                credit--;
                if (inFlight >= IN_FLIGHT_CAP) {
                    error("skipped (" + IN_FLIGHT_CAP + " in flight)");
                    continue;
                }
                inFlight++;
                long t0 = System.nanoTime();
                call.apply(sent++).onComplete(ar -> done(t0, ar.succeeded() ? status(ar.result()) : failure(ar.cause())));
            }
        }

        private String status(HttpResponse<Buffer> response) {
            int expected = "push".equals(name) ? 202 : 200;
            return response.statusCode() == expected ? null : String.valueOf(response.statusCode());
        }

        private static String failure(Throwable cause) {
            return cause.getClass().getSimpleName();
        }

        private synchronized void done(long t0, String error) {
            inFlight--;
            if (error == null) {
                latencies.add(System.nanoTime() - t0);
                totalOk.incrementAndGet();
            } else {
                error(error);
            }
        }

        private void error(String why) {
            errors.merge(why, 1, Integer::sum);
            errorsEver.merge(why, 1, Integer::sum);
            totalErrors.incrementAndGet();
        }

        synchronized int inFlight() {
            return inFlight;
        }

        synchronized Map<String, Integer> allErrors() {
            return new TreeMap<>(errorsEver);
        }

        synchronized Window drain() {
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            Window w = new Window(sent - sentBefore, sorted, errors);
            sentBefore = sent;
            latencies = new ArrayList<>();
            errors = new TreeMap<>();
            return w;
        }
    }

    /** The admin's {@code /api/stream} (every match event), kept open; reopened a second after it closes. */
    private static final class Stream {
        final Vertx vertx;
        final int port;
        final HttpClient http;
        final AtomicLong events = new AtomicLong();
        final AtomicLong reopened = new AtomicLong();
        private final AtomicLong windowEvents = new AtomicLong();
        private final AtomicLong windowReopened = new AtomicLong();
        private String tail = "";
        volatile boolean open;
        volatile boolean closing;

        Stream(Vertx vertx, int port) {
            this.vertx = vertx;
            this.port = port;
            this.http = vertx.createHttpClient();
        }

        void open() {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
                    .setURI("/api/stream").putHeader("Authorization", "Bearer " + TestApp.ADMIN_KEY);
            http.request(options).compose(req -> req.send()).onComplete(ar -> {
                if (ar.failed() || ar.result().statusCode() != 200) {
                    System.out.println("stream: open failed: " + (ar.failed() ? ar.cause() : ar.result().statusCode()));
                    reopenLater();
                    return;
                }
                HttpClientResponse response = ar.result();
                open = true;
                response.handler(chunk -> count(chunk.toString()));
                // the server closes a stream whose client falls behind (it reconnects with Last-Event-ID); either
                // way the stream ended: counted, and opened again once
                java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
                Runnable end = () -> {
                    if (ended.compareAndSet(false, true)) {
                        open = false;
                        reopenLater();
                    }
                };
                response.exceptionHandler(e -> end.run());
                response.endHandler(v -> end.run());
                response.request().connection().closeHandler(v -> end.run());
            });
        }

        /** Counts "event: match" lines, one carried over a chunk boundary included. */
        private synchronized void count(String chunk) {
            String text = tail + chunk;
            int from = 0;
            int n = 0;
            while ((from = text.indexOf("event: match\n", from)) >= 0) {
                n++;
                from += 13;
            }
            events.addAndGet(n);
            windowEvents.addAndGet(n);
            // 12 characters cannot hold a whole 13-character line: nothing is counted twice
            tail = text.substring(Math.max(0, text.length() - 12));
        }

        private void reopenLater() {
            if (!closing) {
                reopened.incrementAndGet();
                windowReopened.incrementAndGet();
                vertx.setTimer(1000, id -> open());
            }
        }

        long drainEvents() {
            return windowEvents.getAndSet(0);
        }

        long drainReopened() {
            return windowReopened.getAndSet(0);
        }

        void close() {
            closing = true;
            http.close();
        }
    }

}
