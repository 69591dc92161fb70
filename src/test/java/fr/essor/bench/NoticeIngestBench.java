package fr.essor.bench;

import fr.essor.notice.FeedSignature;
import fr.essor.notice.IngestBatch;
import fr.essor.notice.NoticeGeocoder;
import fr.essor.notice.NoticeParsers;
import fr.essor.reference.ReferenceData;
import fr.essor.testing.TestApp;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Ingest end to end as a feed sees it (issue 12): a Java client ({@code java.net.http}) keeps {@code concurrency}
 * signed pushes in flight, each a real notice — the eForms SDK examples and the TED notices of
 * {@code /work/shared/data/notices} that essor takes, each under a fresh notice id (BT-701) so that it is a new
 * notice — to the service started with its seed registry, rate limits off (said at start). Baseline in the same run,
 * from the same client with the same signed bodies: a bare route in the same Vert.x (a verticle on another port that
 * reads the body and answers 202). Then the automatic matching of what was pushed: the time until
 * {@code essor_matching_pending} is 0, as lots/s.
 *
 * <p>Targets: acknowledgements ≥ 500 notices/s and ≥ 0.35× the bare route, no 503; matching ≥ 200 lots/s.
 * Arguments: {@code [pushes (default 2000)] [concurrency (default 8)] [notices.store.writers (default 2)]}. Uses ESSOR_TEST_DB_URL's PostgreSQL when set,
 * else an embedded one.
 */
public final class NoticeIngestBench {
    private static final Path NOTICES = Path.of("../shared/data/notices");
    private static final Pattern NOTICE_ID = Pattern.compile("(<cbc:ID schemeName=\"notice-id\">)([^<]+)(</cbc:ID>)");
    static final String FEED_SECRET = "whsec_dGVzdC1mZWVkLXNlY3JldC0wMTIzNDU2Nzg5";

    /**
     * Warm-up pushes to each path before the measured ones ({@code -Dwarmup}): with 300, a flight recording showed C2
     * compiling at about a third of a core through the measured pushes (the JIT's warm-up measured, not the service's
     * rate); 10,000 gave the same rate as 2,000.
     */
    private static final int WARM_UP = Integer.getInteger("warmup", 2000);

    private NoticeIngestBench() {
    }

    public static void main(String[] args) throws Exception {
        int pushes = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int writers = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        List<byte[]> notices = examples();
        System.out.printf("essor notice ingest bench: %d real eForms notices (SDK examples and TED), %d pushes, %d in flight,"
                + " %d cores, load average %s%n", notices.size(), pushes, concurrency,
                Runtime.getRuntime().availableProcessors(), loadAverage());
        // the bench measures ingestion, not the edge: limits off, as ESSOR_RATE_LIMITS=off does
        System.out.println("rate limits: off for this bench (http.rateLimits.enabled=false); registry: the seed");
        JsonObject config = TestApp.rateLimitsOff().put("seed", true)
                .put("notices", new JsonObject().put("store", new JsonObject().put("writers", writers)));
        System.out.printf("group commit: %d writers (notices.store.writers)%n", writers);
        try (TestApp app = TestApp.start(config)) {
            awaitReady(app);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            String bareId = TestApp.await(app.vertx().deployVerticle(new BareRoute()));
            int barePort = BareRoute.port;
            URI essor = URI.create("http://127.0.0.1:" + app.port() + "/api/notices");
            URI bare = URI.create("http://127.0.0.1:" + barePort + "/api/notices");

            // warm-up of both paths (JIT, connections, prepared statements); its matching drains before the runs
            MeterRegistry metrics = app.main().services().metrics();
            double warmPublished = published(metrics);
            push(http, bare, notices, WARM_UP, concurrency);
            Run warm = push(http, essor, notices, WARM_UP, concurrency);
            awaitDrained(metrics, warmPublished, warm.accepted);
            System.out.printf("warm-up: %d pushes to each, matched%n", warm.accepted);

            Cpu cpu = new Cpu(app);
            Cpu.Sample bareStart = cpu.sample();
            Run bareRun = push(http, bare, notices, pushes, concurrency);
            Cpu.Sample bareEnd = cpu.sample();
            System.out.printf("baseline bare 202 route, same Vert.x, same client and bodies: %s%n", bareRun);
            double publishedBefore = published(metrics);
            double lotsBefore = lots(metrics);
            Cpu.Sample cpuStart = cpu.sample();
            long start = System.nanoTime();
            Run run = push(http, essor, notices, pushes, concurrency);
            long acked = System.nanoTime();
            Cpu.Sample cpuAcked = cpu.sample();
            System.out.printf("essor POST /api/notices (signed, verified, parsed, stored, 202): %s%n", run);
            System.out.printf("pushes from %s to %s (local times, to cut a flight recording)%n",
                    LocalTime.now().minusNanos(System.nanoTime() - start), LocalTime.now().minusNanos(System.nanoTime() - acked));
            System.out.printf("load average after the pushes: %s%n", loadAverage());
            var prepare = metrics.get("essor_notices_prepare").timer();
            var store = metrics.get("essor_notices_store").timer();
            System.out.printf("inside the service: verify + parse + place (one worker hop) mean %.1f ms; store (group commit,"
                            + " to commit) mean %.1f ms%n", prepare.mean(TimeUnit.MILLISECONDS), store.mean(TimeUnit.MILLISECONDS));
            double lotsDuringPushes = lots(metrics) - lotsBefore;
            // then the automatic matching of all that: until nothing is pending
            awaitDrained(metrics, publishedBefore, run.accepted);
            long drained = System.nanoTime();
            Cpu.Sample cpuDrained = cpu.sample();
            double lots = lots(metrics) - lotsBefore;
            double drainSeconds = (drained - acked) / 1e9;
            System.out.printf("drain until %s%n", LocalTime.now().minusNanos(System.nanoTime() - drained));
            double matchingRate = (lots - lotsDuringPushes) / drainSeconds;
            System.out.printf("automatic matching: %.0f lots of %d notices, %.0f of them while pushes were taken (it yields to"
                            + " them); drain after the last ack %.1f s = %.0f lots/s; all matched %.1f s after the first push%n",
                    lots, run.accepted, lotsDuringPushes, drainSeconds, matchingRate, (drained - start) / 1e9);

            // CPU spent per unit of work: what the shared machine's other load does not change much
            System.out.printf("CPU per notice acknowledged: JVM %.2f ms (the bench's client and the bare route: %.2f ms),"
                            + " PostgreSQL backends %.2f ms%n", cpuAcked.jvmMillisSince(cpuStart) / run.accepted,
                    bareEnd.jvmMillisSince(bareStart) / bareRun.accepted, cpuAcked.pgMillisSince(cpuStart) / run.accepted);
            // how long the JIT compiled meanwhile (CompilationMXBean: elapsed time per compilation, summed over the
            // compiler threads, so more than their CPU when they wait for a core: /proc measured C2 at 1.9 s of CPU where
            // this said about 6 s): on two busy cores C2 raises its thresholds with its queue, and it was still making
            // first compilations (the client's code as much as essor's) after 10,000 warm-up pushes, at the same rate
            System.out.printf("JIT compilation time (elapsed, not CPU) during the measured pushes: %.0f ms (%.2f ms a notice); during the bare route's: %.0f ms%n",
                    cpuAcked.jitMillisSince(cpuStart), cpuAcked.jitMillisSince(cpuStart) / run.accepted, bareEnd.jitMillisSince(bareStart));
            System.out.printf("CPU per lot matched in the drain: service JVM %.2f ms, PostgreSQL backends %.2f ms%n",
                    cpuDrained.jvmMillisSince(cpuAcked) / Math.max(1, lots - lotsDuringPushes),
                    cpuDrained.pgMillisSince(cpuAcked) / Math.max(1, lots - lotsDuringPushes));

            double ratio = run.rate() / bareRun.rate();
            System.out.printf("%nacknowledgements: %.0f notices/s (target >= 500): %s%n", run.rate(), run.rate() >= 500 ? "PASS" : "MISS");
            System.out.printf("ratio to the bare route: %.2f (target >= 0.35): %s%n", ratio, ratio >= 0.35 ? "PASS" : "MISS");
            System.out.printf("503 answers: %d (target 0): %s%n", run.status503(), run.status503() == 0 ? "PASS" : "MISS");
            System.out.printf("automatic matching: %.0f lots/s sustained (target >= 200): %s%n", matchingRate,
                    matchingRate >= 200 ? "PASS" : "MISS");
            TestApp.await(app.vertx().undeploy(bareId));
        }
        System.exit(0);
    }

    /** The eForms notices essor takes (at least one notice ready to store): SDK examples and TED notices. */
    static List<byte[]> examples() throws IOException {
        NoticeGeocoder geocoder = new NoticeGeocoder(ReferenceData.get().geography());
        List<byte[]> out = new ArrayList<>();
        for (String folder : List.of("eforms-sdk", "eforms-ted")) {
            try (Stream<Path> files = Files.walk(NOTICES.resolve(folder))) {
                for (Path p : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                    byte[] xml = Files.readAllBytes(p);
                    try {
                        if (!IngestBatch.prepare(NoticeParsers.parse("application/xml", xml), geocoder).ready().isEmpty()
                                && NOTICE_ID.matcher(new String(xml, StandardCharsets.UTF_8)).find()) {
                            out.add(xml);
                        }
                    } catch (RuntimeException refused) {
                        // not a notice essor takes (a business registration, an invalid example)
                    }
                }
            }
        }
        return out;
    }

    /** The notice under a fresh notice id (BT-701), so each push is a new notice. */
    static byte[] fresh(byte[] xml) {
        String text = new String(xml, StandardCharsets.UTF_8);
        Matcher m = NOTICE_ID.matcher(text);
        return m.replaceFirst("$1" + UUID.randomUUID() + "$3").getBytes(StandardCharsets.UTF_8);
    }

    /** A verticle of the bench only: reads the body and answers 202, on a port of its own in the service's Vert.x. */
    static final class BareRoute extends VerticleBase {
        static volatile int port;
        private HttpServer server;

        @Override
        public Future<?> start() {
            server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body ->
                    req.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                            .end("{\"notices\":[],\"duplicates\":0,\"rejected\":[],\"skipped\":[]}")));
            return server.listen(0, "127.0.0.1").onSuccess(s -> port = s.actualPort());
        }
    }

    private record Run(int accepted, int status503, Map<Integer, Integer> others, double seconds, double p50, double p99) {
        double rate() {
            return accepted / seconds;
        }

        @Override
        public String toString() {
            return String.format("%d accepted in %.2f s = %.0f/s (latency p50 %.1f ms, p99 %.1f ms; 503: %d; other statuses %s)",
                    accepted, seconds, rate(), p50, p99, status503, others);
        }
    }

    /** n signed pushes of fresh notices, {@code concurrency} at a time, each thread waiting for its answer. */
    private static Run push(HttpClient http, URI uri, List<byte[]> notices, int n, int concurrency) throws Exception {
        List<byte[]> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            bodies.add(fresh(notices.get(i % notices.size())));
        }
        long[] latencies = new long[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger unavailable = new AtomicInteger();
        Map<Integer, Integer> others = new ConcurrentHashMap<>();
        AtomicLong failures = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            threads.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < n) {
                    byte[] body = bodies.get(i);
                    String id = "bench-" + UUID.randomUUID();
                    String ts = Long.toString(Instant.now().getEpochSecond());
                    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/xml")
                            .header("X-Feed-Id", "test")
                            .header("webhook-id", id)
                            .header("webhook-timestamp", ts)
                            .header("webhook-signature", FeedSignature.header(FEED_SECRET, id, ts, body))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                        latencies[i] = System.nanoTime() - t0;
                        if (r.statusCode() == 202) {
                            accepted.incrementAndGet();
                        } else if (r.statusCode() == 503) {
                            unavailable.incrementAndGet();
                        } else {
                            others.merge(r.statusCode(), 1, Integer::sum);
                        }
                    } catch (IOException | InterruptedException e) {
                        failures.incrementAndGet();
                        others.merge(-1, 1, Integer::sum);
                    }
                }
                return null;
            });
        }
        threads.shutdown();
        threads.awaitTermination(1, TimeUnit.HOURS);
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latencies);
        return new Run(accepted.get(), unavailable.get(), new TreeMap<>(others), seconds, latencies[n / 2] / 1e6,
                latencies[(int) (n * 0.99)] / 1e6);
    }

    /**
     * CPU time used so far by this JVM and by the PostgreSQL backends serving the service's database (from
     * {@code /proc}: the server runs on this machine), so that a phase's CPU per unit of work can be told apart from
     * the waiting that the machine's other load adds.
     */
    private static final class Cpu {
        private static final double MILLIS_PER_TICK = 10; // USER_HZ 100
        private final TestApp app;

        Cpu(TestApp app) {
            this.app = app;
        }

        /** @param jitMillis the JIT compilers' accumulated time (the JVM's own estimate) */
        record Sample(long jvmNanos, long jitMillis, Map<Integer, Long> pgTicks) {
            double jvmMillisSince(Sample before) {
                return (jvmNanos - before.jvmNanos) / 1e6;
            }

            double jitMillisSince(Sample before) {
                return jitMillis - before.jitMillis;
            }

            double pgMillisSince(Sample before) {
                long ticks = 0;
                for (Map.Entry<Integer, Long> e : pgTicks.entrySet()) {
                    ticks += e.getValue() - before.pgTicks.getOrDefault(e.getKey(), 0L);
                }
                return ticks * MILLIS_PER_TICK;
            }
        }

        Sample sample() throws Exception {
            long jvm = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
            Map<Integer, Long> ticks = new TreeMap<>();
            for (var row : TestApp.await(app.main().services().database().pool()
                    .query("SELECT pid FROM pg_stat_activity WHERE datname = current_database()").execute())) {
                int pid = row.getInteger(0);
                try {
                    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12])); // utime + stime
                } catch (IOException | RuntimeException notHere) {
                    // a server on another machine, or a backend gone: not counted
                }
            }
            return new Sample(jvm, java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime(), ticks);
        }
    }

    private static void awaitReady(TestApp app) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long start = System.nanoTime();
        for (int i = 0; i < 1200; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
                    + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                System.out.printf("ready (seed loaded, index searchable) %.1f s after start%n", (System.nanoTime() - start) / 1e9);
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the service did not become ready");
    }

    /** Until the outbox has published what was acknowledged and automatic matching has nothing pending. */
    private static void awaitDrained(MeterRegistry metrics, double publishedBefore, int accepted) throws InterruptedException {
        for (int i = 0; i < 60_000; i++) {
            if (published(metrics) - publishedBefore >= accepted
                    && metrics.get("essor_matching_pending").gauge().value() == 0) {
                return;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("matching did not drain within 10 minutes");
    }

    private static double published(MeterRegistry metrics) {
        return metrics.get("essor_outbox_published").counter().count();
    }

    private static double lots(MeterRegistry metrics) {
        return metrics.get("essor_matching_lots").counter().count();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
