package fr.essor.bench;

import fr.essor.config.EssorConfig;
import fr.essor.db.DatabaseUrl;
import fr.essor.matching.MatchingConfig;
import fr.essor.notice.FeedSignature;
import fr.essor.testing.TestApp;
import fr.essor.testing.TestDatabases;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clustered essor on loopback: nodes are processes of {@code target/essor.jar} ({@code -Xmx512m} each) joined by
 * Hazelcast on 127.0.0.1, sharing one PostgreSQL, the bundled registry seeded once by the first. First
 * {@code POST /api/match} throughput on 1, 2 and 3 of the three nodes: one wrk per node at once, 12 connections in
 * all split evenly, the same 500 workload bodies, in the order 1 2 3 3 2 1 (the machine's load drifts); the baseline
 * is one node of the same run, and the CPU time the nodes spend per request is printed beside. On this 2-core machine
 * the nodes, PostgreSQL and wrk share the same cores, so more nodes cannot add throughput: the figures show what
 * clustering costs (more JVMs, event-bus traffic), not how it scales on separate machines. Then how long after
 * its answer a registry write on node 1 is found by searches on nodes 2 and 3, and a key revoked on node 1 is refused
 * there (20 of each, polled every 5 ms). Then a rolling restart of
 * the three under load: 4 clients send matches round-robin and a pusher 2 signed notices/s, each retrying a
 * refused or failed request once on the next node (as a load balancer would); every node in turn is stopped
 * (SIGTERM) and started again. Printed: requests, errors left after the retry, the notices acknowledged and
 * whether each is stored, matched once and relayed.
 *
 * <p>{@code bench/run cluster}; arguments: [seconds per throughput run, default 10]
 */
public final class ClusterBench {
    private static final long SEED = 20261203L;
    private static final int CONNECTIONS = 12;
    private static final String FEED_SECRET = "whsec_YmVuY2gtZmVlZC1zZWNyZXQtMDEyMzQ1Njc4OQ==";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One node: its process, ports and folder; started again on the same folder. */
    static final class Node {
        final Path home;
        final int http;
        final int hazelcast;
        final Map<String, String> env;
        Process process;

        Node(Path home, int http, int hazelcast, Map<String, String> env) {
            this.home = home;
            this.http = http;
            this.hazelcast = hazelcast;
            this.env = env;
        }

        String url() {
            return "http://127.0.0.1:" + http;
        }

        void start() throws Exception {
            Files.createDirectories(home);
            ProcessBuilder builder = new ProcessBuilder(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                    "-Xmx512m", "-jar", Path.of("target/essor.jar").toAbsolutePath().toString())
                    .directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("essor.log").toFile()));
            builder.environment().keySet().removeIf(k -> k.startsWith("ESSOR_"));
            builder.environment().putAll(env);
            long started = System.nanoTime();
            process = builder.start();
            while (ready() != 200) {
                if (!process.isAlive() || System.nanoTime() - started > TimeUnit.MINUTES.toNanos(3)) {
                    throw new IllegalStateException("node " + home + " not ready; see " + home.resolve("essor.log"));
                }
                Thread.sleep(100);
            }
            System.out.printf(Locale.ROOT, "  node %s ready in %.1f s%n", home.getFileName(), (System.nanoTime() - started) / 1e9);
        }

        private int ready() {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url() + "/health/ready")));
            return r == null ? 0 : r.statusCode();
        }

        void stop() throws InterruptedException {
            process.destroy(); // SIGTERM: the ordered stop
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        if (!Files.isRegularFile(Path.of("target/essor.jar"))) {
            System.out.println("target/essor.jar missing: run mvn -B package -DskipTests first (bench/run cluster does)");
            System.exit(1);
        }
        if (!Files.isExecutable(Path.of("/usr/bin/wrk"))) {
            System.out.println("wrk is not installed (apt-get install -y wrk): cluster bench skipped");
            System.exit(0);
        }
        MatchingConfig config = MatchingConfig.fromJson(EssorConfig.load(Map.of()).section(MatchingConfig.SECTION));
        List<JsonObject> bodies = MatchWorkload.build(new GeneratedRegistry(SEED), config, SEED, 2_200, 0).measured.stream()
                .limit(500).map(MatchWorkload.Question::body).toList();
        String db = TestDatabases.freshDatabaseUrl();
        Path work = Files.createTempDirectory("essor-bench-cluster");
        Path script = HttpLoadBench.script(work.resolve("match.lua"), "/api/match", bodies);
        List<Node> nodes = nodes(work, db, 3);
        System.out.printf(Locale.ROOT, "3 nodes at most, -Xmx512m each, one PostgreSQL (%s), %d cores, load average before: %s%n",
                DatabaseUrl.parse(db).host(), Runtime.getRuntime().availableProcessors(), HttpLoadBench.loadAverage());
        try {
            for (Node node : nodes) {
                node.start(); // the first loads the bundled registry (once: the seed lock)
                HttpLoadBench.wrk(node.url() + "/api/match", script, 2, 5); // warm-up, not reported
            }
            // the machine is shared and its load drifts: the sizes run in the order 1 2 3 3 2 1 and each figure is the
            // mean of its two runs; CPU milliseconds per request (the nodes' own CPU time) do not depend on how much
            // of the machine the nodes got
            int[] order = {1, 2, 3, 3, 2, 1};
            double[] rps = new double[4];
            double[] cpu = new double[4];
            double[] p99 = new double[4];
            for (int n : order) {
                List<Node> used = nodes.subList(0, n);
                long cpuBefore = cpuMillis(nodes);
                List<HttpLoadBench.Run> runs = wrkOnAll(used, script, seconds);
                long cpuUsed = cpuMillis(nodes) - cpuBefore;
                double total = runs.stream().mapToDouble(HttpLoadBench.Run::rps).sum();
                double worst = runs.stream().mapToDouble(HttpLoadBench.Run::p99).max().orElse(Double.NaN);
                long errors = runs.stream().mapToLong(HttpLoadBench.Run::non2xx).sum();
                double perRequest = cpuUsed / (total * seconds);
                rps[n] += total / 2;
                cpu[n] += perRequest / 2;
                p99[n] = Math.max(p99[n], worst);
                System.out.printf(Locale.ROOT, "%d node(s): %8.1f req/s in all, worst p99 %7.2f ms, non-2xx %d, %.1f CPU ms per request,"
                        + " per node %s; load average %s%n", n, total, worst, errors, perRequest,
                        runs.stream().map(r -> String.format(Locale.ROOT, "%.1f", r.rps())).toList(), HttpLoadBench.loadAverage());
            }
            for (int n = 1; n <= 3; n++) {
                System.out.printf(Locale.ROOT, "%d node(s), mean of 2 runs: %.1f req/s (%.2fx one node), %.1f CPU ms per request"
                        + " (%.2fx one node), worst p99 %.0f ms%n", n, rps[n], rps[n] / rps[1], cpu[n], cpu[n] / cpu[1], p99[n]);
            }
            System.out.printf(Locale.ROOT, "same %d connections on the same 2 cores, shared with PostgreSQL, wrk and other work: more nodes"
                    + " cannot add throughput here; the CPU per request is what the cluster costs%n", CONNECTIONS);
            propagation(nodes);
            rollingRestart(nodes, bodies, db);
            System.out.println("load average after: " + HttpLoadBench.loadAverage());
        } finally {
            for (Node node : nodes) {
                if (node.process != null && node.process.isAlive()) {
                    node.stop();
                }
            }
        }
        System.exit(0);
    }

    private static List<Node> nodes(Path work, String db, int count) throws IOException {
        int[] hazelcast = new int[count];
        List<String> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            hazelcast[i] = freePort();
            members.add("127.0.0.1:" + hazelcast[i]);
        }
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int http = freePort();
            Map<String, String> env = Map.ofEntries(Map.entry("ESSOR_CLUSTER", "true"),
                    Map.entry("ESSOR_CLUSTER_HOST", "127.0.0.1"), Map.entry("ESSOR_CLUSTER_PORT", String.valueOf(hazelcast[i])),
                    Map.entry("ESSOR_CLUSTER_MEMBERS", String.join(",", members)), Map.entry("ESSOR_DB_URL", db),
                    Map.entry("ESSOR_HTTP_HOST", "127.0.0.1"), Map.entry("ESSOR_HTTP_PORT", String.valueOf(http)),
                    Map.entry("ESSOR_DATA_DIR", work.resolve("node" + (i + 1)).resolve("data").toString()),
                    Map.entry("ESSOR_RATE_LIMITS", "off"), Map.entry("ESSOR_SEED", "true"),
                    Map.entry("ESSOR_API_KEYS", "admin:" + TestApp.ADMIN_KEY + ",officer:" + TestApp.OFFICER_KEY),
                    Map.entry("ESSOR_FEED_SECRETS", "bench:" + FEED_SECRET));
            nodes.add(new Node(work.resolve("node" + (i + 1)), http, hazelcast[i], env));
        }
        return nodes;
    }

    /** CPU time used so far by the nodes' processes (live ones). */
    private static long cpuMillis(List<Node> nodes) {
        long total = 0;
        for (Node node : nodes) {
            if (node.process != null) {
                total += node.process.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
            }
        }
        return total;
    }

    /** One wrk per node at once, the connections split evenly. */
    private static List<HttpLoadBench.Run> wrkOnAll(List<Node> nodes, Path script, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<String>> outs = new ArrayList<>();
            for (Node node : nodes) {
                Callable<String> run = () -> HttpLoadBench.wrk(node.url() + "/api/match", script, CONNECTIONS / nodes.size(), seconds);
                outs.add(pool.submit(run));
            }
            List<HttpLoadBench.Run> runs = new ArrayList<>();
            for (Future<String> out : outs) {
                runs.add(HttpLoadBench.parse("POST /api/match", CONNECTIONS / nodes.size(), out.get()));
            }
            return runs;
        } finally {
            pool.shutdown();
        }
    }

    /** From node 1's answer to nodes 2 and 3 showing a registry write, then refusing a revoked key. */
    private static void propagation(List<Node> nodes) throws Exception {
        List<Double> writes = new ArrayList<>();
        List<Double> revocations = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String word = "propagation" + (char) ('a' + i) + "zq";
            String siret = siret(i);
            JsonObject body = new JsonObject().put("name", "Régie " + word).put("categories", new JsonArray().add("EI"))
                    .put("postcode", "93230").put("naf", "81.21Z");
            HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(nodes.get(0).url() + "/api/enterprises/" + siret))
                    .header("Authorization", "Bearer " + TestApp.ADMIN_KEY).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body.encode())));
            long answered = System.nanoTime();
            if (put == null || put.statusCode() / 100 != 2) {
                throw new IllegalStateException("PUT answered " + (put == null ? "nothing" : put.statusCode() + " " + put.body()));
            }
            writes.add(until(nodes.subList(1, nodes.size()), answered, node -> {
                HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(node.url() + "/api/enterprises?q=" + word))
                        .header("Authorization", "Bearer " + TestApp.OFFICER_KEY));
                return r != null && r.statusCode() == 200 && new JsonObject(r.body()).getInteger("total") > 0;
            }));
            HttpResponse<String> made = send(HttpRequest.newBuilder(URI.create(nodes.get(0).url() + "/api/keys"))
                    .header("Authorization", "Bearer " + TestApp.ADMIN_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("role", "officer").put("label", "bench").encode())));
            JsonObject key = new JsonObject(made.body());
            until(nodes.subList(1, nodes.size()), System.nanoTime(), node -> me(node, key.getString("key")) == 200);
            send(HttpRequest.newBuilder(URI.create(nodes.get(0).url() + "/api/keys/" + key.getString("id")))
                    .header("Authorization", "Bearer " + TestApp.ADMIN_KEY).DELETE());
            revocations.add(until(nodes.subList(1, nodes.size()), System.nanoTime(), node -> me(node, key.getString("key")) == 401));
        }
        Collections.sort(writes);
        Collections.sort(revocations);
        System.out.printf(Locale.ROOT, "%nfrom node 1's answer to nodes 2 and 3 (20 each, ms): registry write searchable p50 %.0f, max %.0f;"
                        + " revoked key refused p50 %.0f, max %.0f%n", writes.get(10), writes.get(19), revocations.get(10), revocations.get(19));
    }

    private interface Check {
        boolean holds(Node node);
    }

    /** Milliseconds from {@code since} until the check holds on every node (polled every 5 ms, 30 s at most). */
    private static double until(List<Node> nodes, long since, Check check) throws InterruptedException {
        for (Node node : nodes) {
            while (!check.holds(node)) {
                if (System.nanoTime() - since > TimeUnit.SECONDS.toNanos(30)) {
                    return Double.POSITIVE_INFINITY;
                }
                Thread.sleep(5);
            }
        }
        return (System.nanoTime() - since) / 1e6;
    }

    private static int me(Node node, String key) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(node.url() + "/api/me")).header("Authorization", "Bearer " + key));
        return r == null ? 0 : r.statusCode();
    }

    /** A valid SIRET (Luhn) of the bench's own range. */
    private static String siret(int i) {
        String base = String.format(Locale.ROOT, "7%012d", 424242000L + i);
        for (int d = 0; d <= 9; d++) {
            String candidate = base + d;
            int sum = 0;
            for (int k = 0; k < 14; k++) {
                int digit = candidate.charAt(13 - k) - '0';
                if (k % 2 == 1) {
                    digit *= 2;
                    if (digit > 9) {
                        digit -= 9;
                    }
                }
                sum += digit;
            }
            if (sum % 10 == 0) {
                return candidate;
            }
        }
        throw new IllegalStateException();
    }

    /** Every node stopped and started again in turn while clients match and a feed pushes. */
    private static void rollingRestart(List<Node> nodes, List<JsonObject> bodies, String db) throws Exception {
        System.out.println("\nrolling restart of the 3 nodes under load (4 match clients, 2 pushes/s; one retry on the next node):");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong requests = new AtomicLong();
        AtomicLong retried = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicLong pushFailed = new AtomicLong();
        ExecutorService clients = Executors.newFixedThreadPool(5);
        for (int c = 0; c < 4; c++) {
            int client = c;
            clients.submit(() -> {
                int i = client;
                while (running.get()) {
                    i++;
                    byte[] body = bodies.get(i % bodies.size()).encode().getBytes(StandardCharsets.UTF_8);
                    long t = System.nanoTime();
                    int status = withRetry(nodes, i, retried, node -> HttpRequest.newBuilder(URI.create(node.url() + "/api/match"))
                            .header("Authorization", "Bearer " + TestApp.OFFICER_KEY).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))).statusCode();
                    latencies.add(System.nanoTime() - t);
                    requests.incrementAndGet();
                    if (status != 200) {
                        failed.incrementAndGet();
                    }
                }
                return null;
            });
        }
        clients.submit(() -> {
            int i = 0;
            while (running.get()) {
                byte[] body = notice("bench-" + UUID.randomUUID(), "Entretien des espaces verts " + i);
                HttpResponse<String> r = withRetry(nodes, i++, retried, node -> signed(node, body));
                if (r.statusCode() == 202) {
                    acknowledged.add(new JsonObject(r.body()).getJsonArray("notices").getJsonObject(0).getString("id"));
                } else {
                    pushFailed.incrementAndGet();
                }
                Thread.sleep(500);
            }
            return null;
        });
        long started = System.nanoTime();
        Thread.sleep(3_000);
        for (Node node : nodes) {
            long t = System.nanoTime();
            node.stop();
            System.out.printf(Locale.ROOT, "  node %s stopped in %.1f s%n", node.home.getFileName(), (System.nanoTime() - t) / 1e9);
            node.start();
            Thread.sleep(2_000);
        }
        running.set(false);
        clients.shutdown();
        clients.awaitTermination(60, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - started) / 1e9;
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "  %.0f s: %d matches (%.1f/s), p50 %.1f ms, p99 %.1f ms, max %.0f ms; %d requests retried on the next node;"
                        + " %d failed after the retry%n", elapsed, requests.get(), requests.get() / elapsed, sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6, retried.get(), failed.get());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long matched;
        do {
            Thread.sleep(500);
            matched = count(db, "SELECT count(*) FROM match_run WHERE status = 'done' AND notice_id::text = ANY(?)", acknowledged);
        } while (matched < acknowledged.size() && System.nanoTime() < deadline);
        System.out.printf(Locale.ROOT, "  pushes: %d acknowledged, %d refused after the retry; stored %d, matched %d, unrelayed outbox rows %d,"
                        + " matches stored twice %d%n", acknowledged.size(), pushFailed.get(),
                count(db, "SELECT count(*) FROM notices WHERE id::text = ANY(?)", acknowledged), matched,
                count(db, "SELECT count(*) FROM outbox WHERE published_at IS NULL", null),
                count(db, "SELECT count(*) FROM (SELECT notice_id, lot_position, siret FROM lot_match GROUP BY 1, 2, 3 HAVING count(*) > 1) t", null));
    }

    private interface RequestTo {
        HttpRequest.Builder to(Node node);
    }

    /** To node i (round-robin); a refused connection or a 503 (a node stopping) is sent once more to the next one. */
    private static HttpResponse<String> withRetry(List<Node> nodes, int i, AtomicLong retried, RequestTo request) {
        HttpResponse<String> first = send(request.to(nodes.get(i % nodes.size())));
        if (first != null && first.statusCode() != 503) {
            return first;
        }
        retried.incrementAndGet();
        HttpResponse<String> second = send(request.to(nodes.get((i + 1) % nodes.size())));
        return second != null ? second : first != null ? first : failedResponse();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static HttpResponse<String> failedResponse() {
        return new HttpResponse<>() {
            public int statusCode() { return 0; }
            public HttpRequest request() { return null; }
            public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
            public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true); }
            public String body() { return ""; }
            public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
            public URI uri() { return null; }
            public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
        };
    }

    private static HttpRequest.Builder signed(Node node, byte[] body) {
        String id = "bench-" + UUID.randomUUID();
        String ts = Long.toString(Instant.now().getEpochSecond());
        return HttpRequest.newBuilder(URI.create(node.url() + "/api/notices")).header("Content-Type", "application/json")
                .header("X-Feed-Id", "bench").header("webhook-id", id).header("webhook-timestamp", ts)
                .header("webhook-signature", FeedSignature.header(FEED_SECRET, id, ts, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private static byte[] notice(String sourceId, String title) {
        return new JsonObject().put("sourceId", sourceId).put("version", "1").put("title", title)
                .put("publishedAt", "2030-01-01T00:00:00Z").put("buyer", new JsonObject().put("name", "Ville de Montreuil"))
                .put("lots", new JsonArray().add(new JsonObject().put("lotId", "LOT-1").put("title", title)
                        .put("mainCpv", "77310000").put("place", new JsonObject().put("postcode", "93100"))))
                .encode().getBytes(StandardCharsets.UTF_8);
    }

    private static long count(String db, String sql, List<String> ids) throws Exception {
        DatabaseUrl url = DatabaseUrl.parse(db);
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password()); var s = c.prepareStatement(sql)) {
            if (ids != null) {
                s.setArray(1, c.createArrayOf("text", ids.toArray()));
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
