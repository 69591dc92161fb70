package fr.essor.notice;

import fr.essor.config.Topics;
import fr.essor.testing.TestApp;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static fr.essor.notice.NoticeTestClient.FEED;
import static fr.essor.notice.NoticeTestClient.FEED_SECRET;
import static fr.essor.notice.NoticeTestClient.await;
import static fr.essor.notice.NoticeTestClient.json;
import static fr.essor.notice.NoticeTestClient.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The push contract: signatures and their time window, replays, roles, concurrent twins, and the outbox publishing
 * notice.ingested once per stored notice.
 */
class FeedPushTest {
    private static TestApp app;
    private static NoticeTestClient client;
    private static final List<String> published = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() {
        app = TestApp.start(new JsonObject().put("notices", new JsonObject()
                .put("outbox", new JsonObject().put("sweepSeconds", 1))));
        client = new NoticeTestClient(app);
        await(app.vertx().eventBus().<JsonObject>consumer(Topics.NOTICE_INGESTED,
                m -> published.add(m.body().getString("id"))).completion());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static byte[] sdk(String name) {
        return read(NoticeTestClient.SDK.resolve(name));
    }

    @Test
    void aReplayedWebhookIdIsADuplicateAndStoresNothing() {
        byte[] body = sdk("cn_24_open.xml");
        String webhookId = "msg_" + UUID.randomUUID();
        HttpResponse<Buffer> first = client.push("application/xml", body, webhookId, Instant.now().getEpochSecond());
        assertThat(first.statusCode()).isEqualTo(202);
        String before = client.footprint();

        // the sender retries the same message later (a new timestamp, signed again)
        HttpResponse<Buffer> replay = client.push("application/xml", body, webhookId, Instant.now().getEpochSecond() + 10);
        assertThat(replay.statusCode()).isEqualTo(200);
        JsonObject answer = json(replay);
        assertThat(answer.getJsonArray("notices")).isEmpty();
        assertThat(answer.getInteger("duplicates")).isEqualTo(1);
        assertThat(answer.getJsonArray("rejected")).isEmpty();
        assertThat(client.footprint()).isEqualTo(before);

        // its webhook-id is looked up while the body is parsed: a replay stays a replay whatever the body now holds
        HttpResponse<Buffer> garbled = client.push("application/xml", "<not a notice".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                webhookId, Instant.now().getEpochSecond() + 20);
        assertThat(garbled.statusCode()).as(garbled.bodyAsString()).isEqualTo(200);
        assertThat(json(garbled).getInteger("duplicates")).isEqualTo(1);
        assertThat(client.footprint()).isEqualTo(before);

        // another feed may use the same id: deliveries are per feed; here the notice itself is the duplicate
        HttpResponse<Buffer> resent = client.push("application/xml", body);
        assertThat(resent.statusCode()).isEqualTo(200);
        assertThat(json(resent).getInteger("duplicates")).isEqualTo(1);
    }

    @Test
    void theWebhookIdOfARefusedPushIsNotRemembered() {
        String webhookId = "msg_" + UUID.randomUUID();
        long now = Instant.now().getEpochSecond();
        HttpResponse<Buffer> refused = client.push("application/xml", sdk("X01_EEIG.xml"), webhookId, now);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(client.count("SELECT count(*) FROM feed_deliveries WHERE webhook_id = $1", webhookId)).isZero();
        HttpResponse<Buffer> unparsable = client.push("application/xml", "<notice".getBytes(StandardCharsets.UTF_8), webhookId, now);
        assertThat(unparsable.statusCode()).isEqualTo(400);
        // the same id carrying a good notice is then taken
        HttpResponse<Buffer> taken = client.push("application/xml", sdk("cn_24_nego_accel.xml"), webhookId, now);
        assertThat(taken.statusCode()).isEqualTo(202);
        assertThat(client.count("SELECT count(*) FROM feed_deliveries WHERE webhook_id = $1", webhookId)).isEqualTo(1);
    }

    @Test
    void badSignaturesAndTimestampsAre401AndStoreNothing() {
        byte[] body = sdk("cn_24_multilingual.xml");
        String before = client.footprint();
        long now = Instant.now().getEpochSecond();

        // signed with another secret
        assertUnauthorized(client.pushAsync("application/xml", body, "m1", now, FEED, "whsec_b3RoZXItc2VjcmV0LW9mLXNvbWUtbGVuZ3Ro"));
        // six minutes old, six minutes ahead
        assertUnauthorized(client.pushAsync("application/xml", body, "m2", now - 360, FEED, FEED_SECRET));
        assertUnauthorized(client.pushAsync("application/xml", body, "m3", now + 360, FEED, FEED_SECRET));
        // a feed essor does not know, signed with the test feed's secret
        assertUnauthorized(client.pushAsync("application/xml", body, "m4", now, "stranger", FEED_SECRET));
        // the body changed after signing
        String ts = Long.toString(now);
        assertUnauthorized(app.client().post("/api/notices")
                .putHeader("Content-Type", "application/xml").putHeader("X-Feed-Id", FEED)
                .putHeader("webhook-id", "m5").putHeader("webhook-timestamp", ts)
                .putHeader("webhook-signature", FeedSignature.header(FEED_SECRET, "m5", ts, body))
                .sendBuffer(Buffer.buffer(sdk("cn_24_open_accel.xml"))));
        // no X-Feed-Id
        assertUnauthorized(app.client().post("/api/notices")
                .putHeader("Content-Type", "application/xml")
                .putHeader("webhook-id", "m6").putHeader("webhook-timestamp", ts)
                .putHeader("webhook-signature", FeedSignature.header(FEED_SECRET, "m6", ts, body))
                .sendBuffer(Buffer.buffer(body)));
        // neither a key nor a signature
        assertUnauthorized(app.client().post("/api/notices").putHeader("Content-Type", "application/xml")
                .sendBuffer(Buffer.buffer(body)));

        assertThat(client.footprint()).isEqualTo(before);
        // within five minutes it is taken
        assertThat(client.push("application/xml", body, "m7", now - 240).statusCode()).isEqualTo(202);
    }

    private static void assertUnauthorized(Future<HttpResponse<Buffer>> call) {
        HttpResponse<Buffer> response = await(call);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(401);
        assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void onlyAnAdminUploadsByHand() {
        byte[] body = sdk("cn_24_minimal.xml");
        String before = client.footprint();
        HttpResponse<Buffer> officer = client.upload(TestApp.OFFICER_KEY, "application/xml", body);
        assertThat(officer.statusCode()).isEqualTo(403);
        assertThat(officer.getHeader("Content-Type")).startsWith("application/problem+json");
        assertThat(client.upload("not-a-key-of-this-service", "application/xml", body).statusCode()).isEqualTo(401);
        assertThat(client.footprint()).isEqualTo(before);
        HttpResponse<Buffer> admin = client.upload(TestApp.ADMIN_KEY, "application/xml", body);
        assertThat(admin.statusCode()).isEqualTo(202);
        assertThat(json(admin).getJsonArray("notices").getJsonObject(0).getInteger("lots")).isEqualTo(1);
    }

    @Test
    void twoPushesOfOneNoticeAtOnceStoreItOnce() {
        byte[] body = sdk("cn_25.xml");
        long now = Instant.now().getEpochSecond();
        List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(client.pushAsync("application/xml", body, "twin-" + UUID.randomUUID(), now, FEED, FEED_SECRET));
        }
        // and the same delivery twice at once
        String webhookId = "same-" + UUID.randomUUID();
        byte[] other = sdk("cn_81.xml");
        calls.add(client.pushAsync("application/xml", other, webhookId, now, FEED, FEED_SECRET));
        calls.add(client.pushAsync("application/xml", other, webhookId, now, FEED, FEED_SECRET));
        List<Integer> statuses = calls.stream().map(f -> await(f).statusCode()).toList();
        assertThat(statuses.subList(0, 6)).containsOnly(200, 202).filteredOn(s -> s == 202).hasSize(1);
        assertThat(statuses.subList(6, 8)).containsExactlyInAnyOrder(200, 202);
        assertThat(client.count("SELECT count(*) FROM notices WHERE source_id = $1", EformsExamplesIngestTest.sourceId(body)))
                .isEqualTo(1);
        assertThat(client.count("SELECT count(*) FROM notices WHERE source_id = $1", EformsExamplesIngestTest.sourceId(other)))
                .isEqualTo(1);
    }

    @Test
    void theOutboxPublishesEachStoredNoticeOnce() throws InterruptedException {
        List<String> stored = new ArrayList<>();
        for (String name : List.of("can_24_minimal.xml", "pin-only_24.xml", "cn-social_24.xml", "veat_24.xml")) {
            HttpResponse<Buffer> r = client.push("application/xml", sdk(name));
            assertThat(r.statusCode()).isEqualTo(202);
            stored.add(json(r).getJsonArray("notices").getJsonObject(0).getString("id"));
        }
        waitFor(() -> published.containsAll(stored));
        Thread.sleep(2_500); // two sweeps more: nothing is published again
        synchronized (published) {
            for (String id : stored) {
                assertThat(published.stream().filter(id::equals)).as(id).hasSize(1);
            }
            // and nothing was published that is not stored
            Set<String> all = new HashSet<>(published);
            assertThat(all).hasSize(published.size());
        }
        waitFor(() -> client.count("SELECT count(*) FROM outbox WHERE published_at IS NULL") == 0);
        assertThat(client.count("SELECT count(*) FROM outbox")).isEqualTo(client.count("SELECT count(*) FROM notices"));
    }

    @Test
    void strangersAreAnsweredOnTheirHeadersWithoutTheBodyBeingRead() throws IOException {
        long now = Instant.now().getEpochSecond();
        long fourMiB = 4L * 1024 * 1024;
        // past the notices limit: 413 comes first, whoever sends it
        Partial tooLarge = partialPush(16L * 1024 * 1024 + 1, Map.of("X-Feed-Id", "stranger", "webhook-id", "s1",
                "webhook-timestamp", Long.toString(now), "webhook-signature", "v1,AAAA"));
        assertThat(tooLarge.status()).as(tooLarge.text()).isEqualTo(413);
        assertThat(tooLarge.closed()).isTrue();

        // a few MiB announced, one KiB sent: the answers come without the rest being waited for
        Partial stranger = partialPush(fourMiB, Map.of("X-Feed-Id", "stranger", "webhook-id", "s2",
                "webhook-timestamp", Long.toString(now), "webhook-signature", "v1,AAAA"));
        assertThat(stranger.status()).as(stranger.text()).isEqualTo(401);
        assertThat(stranger.text()).contains("application/problem+json");
        assertThat(stranger.closed()).as("the connection is closed rather than read through").isTrue();

        Partial noFeed = partialPush(fourMiB, Map.of("webhook-id", "s3", "webhook-timestamp", Long.toString(now),
                "webhook-signature", "v1,AAAA"));
        assertThat(noFeed.status()).as(noFeed.text()).isEqualTo(401);

        Partial noId = partialPush(fourMiB, Map.of("X-Feed-Id", FEED, "webhook-timestamp", Long.toString(now),
                "webhook-signature", "v1,AAAA"));
        assertThat(noId.status()).as(noId.text()).isEqualTo(401);

        Partial stale = partialPush(fourMiB, Map.of("X-Feed-Id", FEED, "webhook-id", "s4",
                "webhook-timestamp", Long.toString(now - 600), "webhook-signature", "v1,AAAA"));
        assertThat(stale.status()).as(stale.text()).isEqualTo(401);
        assertThat(stale.text()).contains("webhook-timestamp");

        // a good push is taken, and its replay answered as a duplicate before its body is read
        byte[] body = sdk("cn_24_open_accel.xml");
        String webhookId = "early-" + UUID.randomUUID();
        assertThat(client.push("application/xml", body, webhookId, now).statusCode()).isEqualTo(202);
        Partial replay = partialPush(fourMiB, Map.of("X-Feed-Id", FEED, "webhook-id", webhookId,
                "webhook-timestamp", Long.toString(now), "webhook-signature", "v1,AAAA"));
        assertThat(replay.status()).as(replay.text()).isEqualTo(200);
        assertThat(replay.text()).contains("\"duplicates\":1");
    }

    /** What came back on a socket: the status, the whole text (head and body), and whether the server then closed. */
    private record Partial(int status, String text, boolean closed) {
    }

    /**
     * Announces {@code contentLength} bytes, sends the head and one KiB of body, then reads the answer (at most 20 s):
     * an answer proves the rest of the body was not waited for.
     */
    private static Partial partialPush(long contentLength, Map<String, String> headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(20_000);
            StringBuilder head = new StringBuilder("POST /api/notices HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/xml\r\nContent-Length: " + contentLength + "\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1024]);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            while (!answer.toString(StandardCharsets.UTF_8).contains("\r\n\r\n")) {
                int b = in.read();
                assertThat(b).as("the answer's head").isNotNegative();
                answer.write(b);
            }
            String text = answer.toString(StandardCharsets.UTF_8);
            Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
            assertThat(length.find()).as(text).isTrue();
            text += new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
            boolean closed;
            try {
                closed = in.read() < 0;
            } catch (SocketException e) {
                closed = true; // reset: the server closed with our unsent body still in flight
            }
            return new Partial(Integer.parseInt(text.substring(9, 12)), text, closed);
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met in 20 s");
            }
            Thread.sleep(50);
        }
    }
}
