package fr.essor.db;

import fr.essor.notice.FeedSignature;
import fr.essor.testing.TcpProxy;
import fr.essor.testing.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static fr.essor.testing.TestApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An external PostgreSQL (one this test starts, never the machine's shared server) reached through a loopback TCP
 * proxy that the test cuts — every connection closed, new ones refused — under a steady trickle of signed pushes,
 * notice searches (PostgreSQL) and registry searches (the index): requests needing the database answer 503 with
 * Retry-After, never 500 and never later than the request bound; once the proxy is back the pool reconnects by
 * itself and every acknowledged push is there.
 */
class ExternalDatabaseOutageTest {
    private static final String FEED_SECRET = "whsec_dGVzdC1mZWVkLXNlY3JldC0wMTIzNDU2Nzg5";
    private static final long BOUND_MILLIS = 5_000;
    private static final long MARGIN_MILLIS = 3_000;

    private record Answer(String kind, int status, long millis, String retryAfter, String body) {
    }

    @Test
    void aCutNetworkIs503AndThePoolRecoversByItself() throws Exception {
        Path pgDir = TestApp.tempDir();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(pgDir).setCleanDataDirectory(true)
                .setRegisterShutdownHook(false).start();
             TcpProxy proxy = new TcpProxy(postgres.getPort())) {
            String url = "postgresql://postgres@127.0.0.1:" + proxy.port() + "/postgres";
            Path dataDir = TestApp.tempDir();
            try (TestApp app = TestApp.start(TestApp.defaults(dataDir, url), dataDir, url)) {
                List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
                List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
                AtomicBoolean running = new AtomicBoolean(true);
                Thread trickle = new Thread(() -> {
                    int n = 0;
                    while (running.get()) {
                        answers.add(push(app, n++, acknowledged));
                        answers.add(get(app, "notices", "/api/notices?q=outage"));
                        answers.add(get(app, "registry", "/api/enterprises?q=nettoyage"));
                        sleep(50);
                    }
                }, "trickle");
                trickle.start();
                try {
                    long started = System.nanoTime();
                    while (acknowledged.size() < 3 && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(20)) {
                        sleep(100);
                    }
                    int healthy = acknowledged.size();
                    assertThat(healthy).as("pushes acknowledged before the cut: %s", answers).isPositive();
                    proxy.cut();
                    int cutAt = answers.size();
                    sleep(6_000);
                    assertThat(readyStatus(app)).as("readiness while the database is unreachable").isEqualTo(503);
                    proxy.restore();
                    long restored = System.nanoTime();
                    int before = acknowledged.size();
                    while (acknowledged.size() == before && System.nanoTime() - restored < TimeUnit.SECONDS.toNanos(20)) {
                        sleep(100);
                    }
                    assertThat(acknowledged.size()).as("pushes acknowledged again after the restore").isGreaterThan(before);
                    sleep(1_000);
                    running.set(false);
                    trickle.join(30_000);

                    List<Answer> all;
                    synchronized (answers) {
                        all = new ArrayList<>(answers);
                    }
                    assertThat(all).allSatisfy(a -> {
                        assertThat(a.status()).as("%s", a).isIn(200, 202, 503);
                        assertThat(a.millis()).as("%s answered within the bound", a).isLessThan(BOUND_MILLIS + MARGIN_MILLIS);
                        if (a.status() == 503) {
                            assertThat(a.retryAfter()).as("%s", a).isNotNull();
                            assertThat(a.body()).contains("\"status\":503");
                        }
                    });
                    assertThat(all.subList(cutAt, all.size())).as("503s while cut")
                            .anySatisfy(a -> assertThat(a.status()).isEqualTo(503));
                    assertThat(all).filteredOn(a -> a.kind().equals("registry"))
                            .as("registry searches come from the index").allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
                    assertThat(readyStatus(app)).isEqualTo(200);
                    for (String id : new ArrayList<>(acknowledged)) {
                        HttpResponse<Buffer> r = await(app.client().get("/api/notices/" + id)
                                .bearerTokenAuthentication(TestApp.OFFICER_KEY).send());
                        assertThat(r.statusCode()).as("acknowledged notice %s is there", id).isEqualTo(200);
                    }
                } finally {
                    running.set(false);
                    proxy.restore();
                    trickle.join(30_000);
                }
            }
        }
    }

    private static Answer push(TestApp app, int n, List<String> acknowledged) {
        byte[] body = new JsonObject().put("sourceId", "outage-" + UUID.randomUUID()).put("version", "1")
                .put("title", "outage notice " + n).put("publishedAt", "2030-01-01T00:00:00Z")
                .put("lots", new JsonArray().add(new JsonObject().put("lotId", "LOT-0001").put("title", "outage lot")
                        .put("mainCpv", "90910000")))
                .encode().getBytes(StandardCharsets.UTF_8);
        String webhookId = "msg_" + UUID.randomUUID();
        String ts = Long.toString(Instant.now().getEpochSecond());
        long start = System.nanoTime();
        HttpResponse<Buffer> r = await(app.client().post("/api/notices")
                .putHeader("Content-Type", "application/json").putHeader("X-Feed-Id", "test")
                .putHeader("webhook-id", webhookId).putHeader("webhook-timestamp", ts)
                .putHeader("webhook-signature", FeedSignature.header(FEED_SECRET, webhookId, ts, body))
                .sendBuffer(Buffer.buffer(body)));
        if (r.statusCode() == 202) {
            acknowledged.add(r.bodyAsJsonObject().getJsonArray("notices").getJsonObject(0).getString("id"));
        }
        return answer("push", r, start);
    }

    private static Answer get(TestApp app, String kind, String uri) {
        long start = System.nanoTime();
        return answer(kind, await(app.client().get(uri).bearerTokenAuthentication(TestApp.OFFICER_KEY).send()), start);
    }

    private static Answer answer(String kind, HttpResponse<Buffer> r, long start) {
        return new Answer(kind, r.statusCode(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                r.getHeader("Retry-After"), r.bodyAsString());
    }

    private static int readyStatus(TestApp app) {
        return await(app.client().get("/health/ready").send()).statusCode();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
