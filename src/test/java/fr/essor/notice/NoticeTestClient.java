package fr.essor.notice;

import fr.essor.testing.TestApp;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pushes and reads notices through the running service's HTTP API, and counts rows, from a test thread. */
final class NoticeTestClient {
    static final String FEED = "test";
    static final String FEED_SECRET = "whsec_dGVzdC1mZWVkLXNlY3JldC0wMTIzNDU2Nzg5";
    static final Path SDK = Path.of("../shared/data/notices/eforms-sdk");
    static final Path TED = Path.of("../shared/data/notices/eforms-ted");
    static final Path OCDS = Path.of("../shared/data/notices/ocds");

    private static final Pattern LOT = Pattern.compile(
            "<cac:ProcurementProjectLot>(?:\\s|<!--.*?-->)*<cbc:ID schemeName=\"(Lot|Part)\">", Pattern.DOTALL);

    private final TestApp app;

    NoticeTestClient(TestApp app) {
        this.app = app;
    }

    /** A push signed with the test feed's secret, now, under a fresh webhook-id. */
    HttpResponse<Buffer> push(String contentType, byte[] body) {
        return push(contentType, body, UUID.randomUUID().toString(), Instant.now().getEpochSecond());
    }

    HttpResponse<Buffer> push(String contentType, byte[] body, String webhookId, long timestamp) {
        return await(pushAsync(contentType, body, webhookId, timestamp, FEED, FEED_SECRET));
    }

    Future<HttpResponse<Buffer>> pushAsync(String contentType, byte[] body, String webhookId, long timestamp,
                                           String feed, String secret) {
        String ts = Long.toString(timestamp);
        return app.client().post("/api/notices")
                .putHeader("Content-Type", contentType)
                .putHeader("X-Feed-Id", feed)
                .putHeader("webhook-id", webhookId)
                .putHeader("webhook-timestamp", ts)
                .putHeader("webhook-signature", FeedSignature.header(secret, webhookId, ts, body))
                .sendBuffer(Buffer.buffer(body));
    }

    HttpResponse<Buffer> upload(String key, String contentType, byte[] body) {
        return await(app.client().post("/api/notices")
                .putHeader("Content-Type", contentType)
                .putHeader("Authorization", "Bearer " + key)
                .sendBuffer(Buffer.buffer(body)));
    }

    HttpResponse<Buffer> get(String uri) {
        return get(uri, TestApp.OFFICER_KEY);
    }

    HttpResponse<Buffer> get(String uri, String key) {
        HttpRequest<Buffer> request = app.client().get(uri);
        if (key != null) {
            request.putHeader("Authorization", "Bearer " + key);
        }
        return await(request.send());
    }

    Pool pool() {
        return app.main().services().database().pool();
    }

    long count(String sql, Object... params) {
        RowSet<Row> rows = await(pool().preparedQuery(sql).execute(Tuple.from(params)));
        return rows.iterator().next().getLong(0);
    }

    /** Rows in the notice tables and the outbox: what a refused push must leave as it was. */
    String footprint() {
        return count("SELECT count(*) FROM notices") + "/" + count("SELECT count(*) FROM notice_lots") + "/"
                + count("SELECT count(*) FROM outbox") + "/" + count("SELECT count(*) FROM feed_deliveries");
    }

    static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lots (or PIN parts) an eForms file declares; a notice without any has one. */
    static int eformsLots(byte[] xml) {
        Matcher m = LOT.matcher(new String(xml, java.nio.charset.StandardCharsets.UTF_8));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return Math.max(1, n);
    }

    static JsonObject json(HttpResponse<Buffer> response) {
        return response.bodyAsJsonObject();
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
