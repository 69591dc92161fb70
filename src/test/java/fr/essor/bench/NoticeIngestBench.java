package fr.essor.bench;

import fr.essor.config.Topics;
import fr.essor.notice.FeedSignature;
import fr.essor.notice.NoticeGeocoder;
import fr.essor.notice.NoticeParsers;
import fr.essor.notice.IngestBatch;
import fr.essor.reference.ReferenceData;
import fr.essor.testing.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Notices per second accepted end to end (signed push → parse → place → one transaction → 202 → outbox →
 * notice.ingested) for the eForms SDK examples, pushed by a client keeping {@code concurrency} requests in flight,
 * each push a new notice (its BT-701 id replaced by a fresh UUID). Baselines measured in the same run: parse and
 * place alone on as many threads as the machine has cores, and a bare route that reads the body and answers 202.
 *
 * <p>Arguments: {@code [pushes (default 1000)] [concurrency (default 8)]}. Uses ESSOR_TEST_DB_URL's PostgreSQL when set,
 * else an embedded one.
 */
public final class NoticeIngestBench {
    private static final Path SDK = Path.of("../shared/data/notices/eforms-sdk");
    private static final Pattern NOTICE_ID = Pattern.compile("(<cbc:ID schemeName=\"notice-id\">)([^<]+)(</cbc:ID>)");
    static final String FEED_SECRET = "whsec_dGVzdC1mZWVkLXNlY3JldC0wMTIzNDU2Nzg5";

    private NoticeIngestBench() {
    }

    public static void main(String[] args) throws Exception {
        int pushes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        List<byte[]> examples = examples();
        System.out.printf("essor notice ingestion bench: %d eForms SDK examples, %d pushes, %d in flight, %d cores%n",
                examples.size(), pushes, concurrency, Runtime.getRuntime().availableProcessors());

        parseOnly(examples, Math.max(pushes, 500), true); // warm-up: JIT, reference data, parsers' code lists
        double parseAlone = parseOnly(examples, Math.max(pushes, 500), false);
        System.out.printf("baseline parse alone (%d threads): %.0f notices/s%n",
                Runtime.getRuntime().availableProcessors(), parseAlone);
        double parseRate = parseOnly(examples, Math.max(pushes, 500), true);
        System.out.printf("baseline parse + place + encode, as ingestion prepares (%d threads): %.0f notices/s%n",
                Runtime.getRuntime().availableProcessors(), parseRate);

        // the bench measures ingestion, not the edge: limits off, as ESSOR_RATE_LIMITS=off does
        System.out.println("rate limits: off for this bench (http.rateLimits.enabled=false)");
        try (TestApp app = TestApp.start(TestApp.rateLimitsOff())) {
            double bareRate = bareRoute(app.vertx(), examples, pushes, concurrency);
            System.out.printf("baseline bare 202 route (reads the body, answers 202): %.0f requests/s%n", bareRate);

            AtomicInteger published = new AtomicInteger();
            await(app.vertx().eventBus().consumer(Topics.NOTICE_INGESTED, m -> published.incrementAndGet()).completion());
            WebClient client = WebClient.create(app.vertx(), new WebClientOptions().setDefaultHost("localhost")
                    .setDefaultPort(app.port()), new PoolOptions().setHttp1MaxSize(concurrency));

            Run warm = push(client, examples, Math.min(200, pushes), concurrency, published, 0);
            System.out.printf("warm-up: %d pushes%n", warm.accepted);
            Run run = push(client, examples, pushes, concurrency, published, published.get());
            System.out.printf("end to end (signed push, parse, commit, 202, publish): %d notices in %.2f s = %.0f notices/s"
                            + " (push latency p50 %.0f ms, p99 %.0f ms; %d lots stored)%n",
                    run.accepted, run.seconds, run.accepted / run.seconds, run.p50, run.p99, run.lots);
            var metrics = app.main().services().metrics();
            var prepare = metrics.get("essor_notices_prepare").timer();
            var store = metrics.get("essor_notices_store").timer();
            System.out.printf("inside the service: prepare (parse + place, worker) mean %.1f ms, store (one transaction) mean %.1f ms%n",
                    prepare.mean(TimeUnit.MILLISECONDS), store.mean(TimeUnit.MILLISECONDS));
            System.out.printf("ratio to parse only: %.2f; to the bare route: %.2f%n",
                    (run.accepted / run.seconds) / parseRate, (run.accepted / run.seconds) / bareRate);
            client.close();
        }
        System.exit(0);
    }

    /** The SDK examples essor takes (all but the business registrations and the INVALID_* files). */
    static List<byte[]> examples() throws IOException {
        try (Stream<Path> files = Files.list(SDK)) {
            List<byte[]> out = new ArrayList<>();
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith("INVALID_") && !name.startsWith("X0")) {
                    out.add(Files.readAllBytes(p));
                }
            }
            return out;
        }
    }

    /** The example under a fresh notice id (BT-701), so each push is a new notice. */
    static byte[] fresh(byte[] xml) {
        String text = new String(xml, StandardCharsets.UTF_8);
        Matcher m = NOTICE_ID.matcher(text);
        return m.replaceFirst("$1" + UUID.randomUUID() + "$3").getBytes(StandardCharsets.UTF_8);
    }

    private static double parseOnly(List<byte[]> examples, int n, boolean prepare) throws Exception {
        NoticeGeocoder geocoder = new NoticeGeocoder(ReferenceData.get().geography());
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Runnable one = () -> IngestBatch.prepare(NoticeParsers.parse("application/xml", examples.get(0)), geocoder);
        for (int i = 0; i < 200; i++) {
            int k = i;
            pool.submit(() -> IngestBatch.prepare(NoticeParsers.parse("application/xml",
                    examples.get(k % examples.size())), geocoder)).get();
        }
        one.run();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < n) {
                    var outcome = NoticeParsers.parse("application/xml", examples.get(i % examples.size()));
                    if (prepare) {
                        IngestBatch.prepare(outcome, geocoder);
                    }
                }
            }));
        }
        for (var f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        return n / seconds;
    }

    private static double bareRoute(Vertx vertx, List<byte[]> examples, int n, int concurrency) throws Exception {
        HttpServer server = await(vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body ->
                req.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                        .end("{\"notices\":[],\"duplicates\":0,\"rejected\":[],\"skipped\":[]}"))).listen(0, "127.0.0.1"));
        WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(server.actualPort()), new PoolOptions().setHttp1MaxSize(concurrency));
        run(n / 4, concurrency, i -> client.post("/api/notices").putHeader("Content-Type", "application/xml")
                .sendBuffer(Buffer.buffer(examples.get(i % examples.size()))).mapEmpty());
        long start = System.nanoTime();
        run(n, concurrency, i -> client.post("/api/notices").putHeader("Content-Type", "application/xml")
                .sendBuffer(Buffer.buffer(examples.get(i % examples.size()))).mapEmpty());
        double seconds = (System.nanoTime() - start) / 1e9;
        client.close();
        await(server.close());
        return n / seconds;
    }

    private record Run(int accepted, long lots, double seconds, double p50, double p99) {
    }

    private static Run push(WebClient client, List<byte[]> examples, int n, int concurrency, AtomicInteger published,
                            int publishedBefore) throws Exception {
        List<byte[]> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            bodies.add(fresh(examples.get(i % examples.size())));
        }
        long[] latencies = new long[n];
        AtomicInteger accepted = new AtomicInteger();
        AtomicLong lots = new AtomicLong();
        long start = System.nanoTime();
        run(n, concurrency, i -> {
            byte[] body = bodies.get(i);
            String id = "bench-" + UUID.randomUUID();
            String ts = Long.toString(Instant.now().getEpochSecond());
            long t0 = System.nanoTime();
            return client.post("/api/notices")
                    .putHeader("Content-Type", "application/xml")
                    .putHeader("X-Feed-Id", "test")
                    .putHeader("webhook-id", id)
                    .putHeader("webhook-timestamp", ts)
                    .putHeader("webhook-signature", FeedSignature.header(FEED_SECRET, id, ts, body))
                    .sendBuffer(Buffer.buffer(body))
                    .map(r -> {
                        latencies[i] = System.nanoTime() - t0;
                        if (r.statusCode() != 202) {
                            throw new IllegalStateException("push " + i + " answered " + r.statusCode() + ": " + r.bodyAsString());
                        }
                        accepted.incrementAndGet();
                        lots.addAndGet(r.bodyAsJsonObject().getJsonArray("notices").getJsonObject(0).getInteger("lots"));
                        return null;
                    });
        });
        // end to end: until every accepted notice has been published on the event bus
        while (published.get() - publishedBefore < accepted.get()) {
            Thread.sleep(1);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        return new Run(accepted.get(), lots.get(), seconds, latencies[n / 2] / 1e6, latencies[(int) (n * 0.99)] / 1e6);
    }

    /** Runs n calls keeping {@code concurrency} in flight; waits for all. */
    private static void run(int n, int concurrency, java.util.function.IntFunction<Future<Void>> call) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Future<Void>> lanes = new ArrayList<>();
        for (int l = 0; l < concurrency; l++) {
            Promise<Void> lane = Promise.promise();
            lanes.add(lane.future());
            step(next, n, call, lane);
        }
        await(Future.all(lanes));
    }

    private static void step(AtomicInteger next, int n, java.util.function.IntFunction<Future<Void>> call, Promise<Void> lane) {
        int i = next.getAndIncrement();
        if (i >= n) {
            lane.tryComplete();
            return;
        }
        call.apply(i).onComplete(ar -> {
            if (ar.failed()) {
                lane.tryFail(ar.cause());
            } else {
                step(next, n, call, lane);
            }
        });
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(600, TimeUnit.SECONDS);
    }
}
