package fr.essor.it;

import com.sun.net.httpserver.HttpServer;
import fr.essor.db.DatabaseUrl;
import fr.essor.testing.TestDatabases;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.InetSocketAddress;
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
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two essor nodes as processes of the packaged jar on loopback, clustered (Hazelcast and the event bus on 127.0.0.1)
 * over one test database. Index catch-up and key cache polls are set far apart (an hour, a minute), so what reaches
 * the other node in these tests is carried by the cluster's events. The bounds waited for are generous failure
 * bounds, not the promised latencies (those are measured by bench/run cluster).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final String SIRET = "51999000600008";
    private static final Duration BOUND = Duration.ofSeconds(30);

    private static Path home;
    private static String dbUrl;
    private static HttpServer feed;
    private static final AtomicInteger feedRequests = new AtomicInteger();
    private static EssorJar a;
    private static EssorJar b;
    private static String nodeA;
    private static String nodeB;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void startTwoNodes() throws Exception {
        home = Files.createTempDirectory("essor-cluster-it");
        dbUrl = TestDatabases.freshDatabaseUrl();
        feed = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] notice = nativeNotice("feed-" + UUID.randomUUID(), "Restauration octopode du marché");
        feed.createContext("/feed", exchange -> {
            feedRequests.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, notice.length);
            exchange.getResponseBody().write(notice);
            exchange.close();
        });
        feed.start();
        Path config = home.resolve("cluster-it.json");
        Files.writeString(config, new JsonObject()
                .put("registry", new JsonObject().put("indexPollSeconds", 3600))
                .put("auth", new JsonObject().put("keysReloadMillis", 60_000))
                .put("automaticMatching", new JsonObject().put("claimSeconds", 3).put("sweepSeconds", 1))
                .put("notices", new JsonObject().put("outbox", new JsonObject().put("sweepSeconds", 1)))
                .put("feeds", new JsonObject().put("pull", new JsonObject().put("intervalSeconds", 1)))
                .put("cluster", new JsonObject().put("pollerLeaseSeconds", 3)).encode());
        int portA = freePort();
        int portB = freePort();
        nodeA = "127.0.0.1:" + portA;
        nodeB = "127.0.0.1:" + portB;
        a = new EssorJar(home.resolve("a"), env(config, portA, portB), List.of());
        b = new EssorJar(home.resolve("b"), env(config, portB, portA), List.of());
        Files.createDirectories(a.home);
        Files.createDirectories(b.home);
        a.start(); // takes the feed poller's lease: first there
        b.start();
    }

    private static Map<String, String> env(Path config, int own, int other) {
        return Map.of("ESSOR_CLUSTER", "true", "ESSOR_CLUSTER_HOST", "127.0.0.1",
                "ESSOR_CLUSTER_PORT", String.valueOf(own),
                "ESSOR_CLUSTER_MEMBERS", "127.0.0.1:" + own + ",127.0.0.1:" + other,
                "ESSOR_DB_URL", dbUrl, "ESSOR_CONFIG", config.toString(),
                "ESSOR_FEED_URLS", "native@http://127.0.0.1:" + feed.getAddress().getPort() + "/feed");
    }

    @AfterAll
    static void stop() throws Exception {
        for (EssorJar node : new EssorJar[]{a, b}) {
            if (node != null && node.process != null && node.process.isAlive()) {
                node.process.destroy();
                if (!node.process.waitFor(15, TimeUnit.SECONDS)) {
                    node.process.destroyForcibly();
                }
            }
        }
        if (feed != null) {
            feed.stop(0);
        }
    }

    @Test
    @Order(0)
    void theJarRefusesClusteredModeWithoutSharedKeysAndSecrets() throws Exception {
        for (String missing : List.of("ESSOR_API_KEYS", "ESSOR_FEED_SECRETS")) {
            ProcessBuilder builder = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-jar",
                    Path.of("target/essor.jar").toAbsolutePath().toString()).directory(home.toFile()).redirectErrorStream(true);
            builder.environment().keySet().removeIf(k -> k.startsWith("ESSOR_"));
            builder.environment().putAll(Map.of("ESSOR_CLUSTER", "true", "ESSOR_DB_URL", dbUrl,
                    "ESSOR_API_KEYS", "admin:" + EssorJar.ADMIN, "ESSOR_FEED_SECRETS", "test:" + EssorJar.FEED_SECRET,
                    "ESSOR_DATA_DIR", home.resolve("refused").toString()));
            builder.environment().remove(missing);
            Process refused = builder.start();
            String output = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(refused.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(refused.exitValue()).as(output).isEqualTo(2);
            assertThat(output).contains("ESSOR_CLUSTER").contains(missing);
        }
    }

    @Test
    @Order(1)
    void aRegistryWriteOnAIsFoundByASearchOnB() throws Exception {
        HttpResponse<String> put = send(a, "PUT", "/api/enterprises/" + SIRET, EssorJar.ADMIN, new JsonObject()
                .put("name", "Octopode traiteur").put("categories", List.of("EI")).put("postcode", "93230").put("naf", "56.21Z"));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(eventually(() -> b.search("q=octopode").getInteger("total") == 1))
                .as("B's index woken by A's write (its own poll is an hour away)").isTrue();
    }

    @Test
    @Order(2)
    void aNoticePushedToBIsStreamedOnAAndReplayedOnB() throws Exception {
        BlockingQueue<String> streamA = stream(a, null);
        HttpResponse<String> first = b.push("application/json", nativeNotice("it-" + UUID.randomUUID(), "Traiteur octopode pour la cantine"));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        String firstId = noticeId(first);
        String firstEvent = awaitEvent(streamA, firstId);
        assertThat(firstEvent).as("A streams the match of a notice pushed to B").isNotNull();

        HttpResponse<String> second = b.push("application/json", nativeNotice("it-" + UUID.randomUUID(), "Repas octopode traiteur"));
        String secondId = noticeId(second);
        assertThat(awaitEvent(streamA, secondId)).isNotNull();
        // a client that reconnects to the other node with Last-Event-ID gets what followed
        BlockingQueue<String> replay = stream(b, firstEvent);
        assertThat(awaitEvent(replay, secondId)).as("B replays after the last event seen on A").isNotNull();
    }

    @Test
    @Order(3)
    void aKeyRevokedOnAIsRefusedOnB() throws Exception {
        HttpResponse<String> made = send(a, "POST", "/api/keys", EssorJar.ADMIN, new JsonObject().put("role", "officer").put("label", "it"));
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonObject key = new JsonObject(made.body());
        assertThat(eventually(() -> b.get("/api/me", key.getString("key")).statusCode() == 200))
                .as("a key made on A is accepted on B (B's own reload is a minute away)").isTrue();
        assertThat(send(a, "DELETE", "/api/keys/" + key.getString("id"), EssorJar.ADMIN, null).statusCode()).isEqualTo(204);
        assertThat(eventually(() -> b.get("/api/me", key.getString("key")).statusCode() == 401))
                .as("revoked on A, refused on B").isTrue();
    }

    @Test
    @Order(4)
    void killingANodeDuringPushesAndPollsLosesNothingAndMatchesOnce() throws Exception {
        assertThat(eventually(() -> feedRequests.get() > 0)).isTrue();
        assertThat(leaseHolder()).as("the poller runs on A, started first").isEqualTo(nodeA);
        List<String> acknowledged = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            EssorJar node = i % 2 == 0 ? a : b;
            if (i == 15) {
                a.process.destroyForcibly(); // kill -9, mid-stream of pushes and while A polls the feed
            }
            HttpResponse<String> r = node.push("application/json", nativeNotice("it-kill-" + i + "-" + UUID.randomUUID(),
                    "Traiteur octopode " + i));
            if (r.statusCode() == 202) {
                acknowledged.add(noticeId(r));
            }
        }
        assertThat(acknowledged.size()).isGreaterThanOrEqualTo(27); // 8 to A before the kill, and B's 20
        for (String id : acknowledged) {
            assertThat(b.get("/api/notices/" + id, EssorJar.OFFICER).statusCode()).as("acknowledged " + id).isEqualTo(200);
        }
        assertThat(eventually(() -> count("SELECT count(*) FROM match_run WHERE status = 'done' AND notice_id::text = ANY(?)",
                acknowledged) == acknowledged.size())).as("B matches every acknowledged notice, A's claims included").isTrue();
        assertThat(eventually(() -> count("SELECT count(*) FROM outbox WHERE published_at IS NULL", null) == 0))
                .as("B relays what A left in the outbox").isTrue();
        assertThat(count("SELECT count(*) FROM (SELECT notice_id, lot_position, siret FROM lot_match "
                + "GROUP BY 1, 2, 3 HAVING count(*) > 1) twice", null)).as("no match stored twice").isZero();
        assertThat(eventually(() -> nodeB.equals(leaseHolder()))).as("B takes the poller over").isTrue();
        int before = feedRequests.get();
        assertThat(eventually(() -> feedRequests.get() > before)).as("and polls").isTrue();
        assertThat(count("SELECT count(*) FROM notices WHERE document->>'title' = 'Restauration octopode du marché'", null))
                .as("the pulled notice stored once").isEqualTo(1);
    }

    @Test
    @Order(5)
    void aNodeThatMissedEventsConvergesFromItsHighWaterMark() throws Exception {
        String other = "51999000600016";
        HttpResponse<String> put = send(b, "PUT", "/api/enterprises/" + other, EssorJar.ADMIN, new JsonObject()
                .put("name", "Calmar insertion").put("categories", List.of("EI")).put("postcode", "93230").put("naf", "81.21Z"));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        a.start(); // its index was left at the kill; it catches up from there at start
        assertThat(a.search("q=calmar").getInteger("total")).isEqualTo(1);
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    private static byte[] nativeNotice(String sourceId, String title) {
        return new JsonObject().put("sourceId", sourceId).put("version", "1").put("title", title)
                .put("publishedAt", "2030-01-01T00:00:00Z").put("buyer", new JsonObject().put("name", "Ville de Montreuil"))
                .put("lots", new JsonArray().add(new JsonObject().put("lotId", "LOT-1").put("title", title)
                        .put("mainCpv", "55520000").put("place", new JsonObject().put("postcode", "93100"))))
                .encode().getBytes(StandardCharsets.UTF_8);
    }

    private static String noticeId(HttpResponse<String> push) {
        return new JsonObject(push.body()).getJsonArray("notices").getJsonObject(0).getString("id");
    }

    /** The lines of an open /api/stream (officer), read on a thread of the client. */
    private static BlockingQueue<String> stream(EssorJar node, String lastEventId) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/api/stream"))
                .header("Authorization", "Bearer " + EssorJar.OFFICER);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> response.body().forEach(lines::add));
        return lines;
    }

    /** The id of the first event about this notice (lines before it dropped), or null within the bound. */
    private static String awaitEvent(BlockingQueue<String> lines, String noticeId) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith("id: " + noticeId)) {
                return line.substring(4);
            }
        }
        return null;
    }

    private static HttpResponse<String> send(EssorJar node, String method, String path, String key, JsonObject body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private static String leaseHolder() {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT holder FROM lease WHERE name = 'feed-poller' AND expires_at > now()")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String sql, List<String> ids) {
        try (Connection c = connect(); var s = c.prepareStatement(sql)) {
            if (ids != null) {
                s.setArray(1, c.createArrayOf("text", ids.toArray()));
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect() throws Exception {
        DatabaseUrl url = DatabaseUrl.parse(dbUrl);
        return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
