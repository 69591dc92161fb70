package fr.essor.alerts;

import fr.essor.testing.Fixtures;
import fr.essor.testing.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static fr.essor.testing.TestApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/stream}: at most five open streams per key (the sixth 429 with Retry-After, another key unaffected, a
 * closed stream frees its slot); a stream reconnecting with Last-Event-ID gets what it missed, in order, none twice,
 * even while new matches are published during its replay.
 */
class MatchStreamTest {
    private static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.start();
        app.importRegistry(Fixtures.IDF_REGISTRY, "lemarche");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** One open stream on its own connection, and what it has read so far. */
    static final class Sse {
        final HttpClient client;
        final HttpClientResponse response;
        final StringBuilder text = new StringBuilder();

        Sse(HttpClient client, HttpClientResponse response) {
            this.client = client;
            this.response = response;
        }

        synchronized String text() {
            return text.toString();
        }

        /** The ids of the complete events read so far, in order. */
        List<String> ids() {
            List<String> ids = new ArrayList<>();
            String all = text();
            int end = all.lastIndexOf("\n\n");
            if (end < 0) {
                return ids;
            }
            for (String block : all.substring(0, end).split("\n\n")) {
                String id = null;
                boolean match = false;
                for (String line : block.split("\n")) {
                    if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.equals("event: match")) {
                        match = true;
                    }
                }
                if (match && id != null) {
                    ids.add(id);
                }
            }
            return ids;
        }

        void close() {
            await(client.close());
        }
    }

    private static Sse open(String key, String lastEventId) {
        HttpClient client = app.vertx().createHttpClient();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(app.port())
                .setURI("/api/stream").putHeader("Authorization", "Bearer " + key);
        if (lastEventId != null) {
            options.putHeader("Last-Event-ID", lastEventId);
        }
        return await(client.request(options).compose(req -> req.send()).compose(resp -> {
            Sse sse = new Sse(client, resp);
            if (resp.statusCode() == 200) {
                resp.handler(chunk -> {
                    synchronized (sse) {
                        sse.text.append(chunk.toString());
                    }
                });
                return io.vertx.core.Future.succeededFuture(sse);
            }
            return resp.body().map(body -> {
                synchronized (sse) {
                    sse.text.append(body.toString());
                }
                return sse;
            });
        }));
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("waited 30 s for " + what);
    }

    /** Waits until the stream has read at least {@code atLeast} events and nothing more for a second. */
    private static List<String> settle(Sse sse, int atLeast) throws InterruptedException {
        waitFor(atLeast + " events", () -> sse.ids().size() >= atLeast);
        int last = -1;
        for (int i = 0; i < 300 && sse.ids().size() != last; i++) {
            last = sse.ids().size();
            Thread.sleep(1000);
        }
        return sse.ids();
    }

    private static String ingest(String sourceId) {
        JsonObject notice = Fixtures.cleaningNotice().put("sourceId", sourceId);
        HttpResponse<Buffer> pushed = await(app.client().post("/api/notices").bearerTokenAuthentication(TestApp.ADMIN_KEY)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(notice.encode())));
        assertThat(pushed.statusCode()).as(pushed.bodyAsString()).isEqualTo(202);
        return pushed.bodyAsJsonObject().getJsonArray("notices").getJsonObject(0).getString("id");
    }

    /** How many events of the notice are recorded (the fan-out records them in one statement, before publishing). */
    private static long stored(String noticeId) {
        return await(app.main().services().database().pool()
                .preparedQuery("SELECT count(*) FROM match_fanout f JOIN lot_match m ON m.notice_id = f.notice_id "
                        + "AND m.rank < f.items_per_lot WHERE f.notice_id = $1")
                .execute(Tuple.of(UUID.fromString(noticeId)))).iterator().next().getLong(0);
    }

    @Test
    void aKeyHoldsAtMostFiveStreamsAndAClosedOneFreesItsSlot() throws Exception {
        List<Sse> open = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                Sse sse = open(TestApp.OFFICER_KEY, null);
                assertThat(sse.response.statusCode()).isEqualTo(200);
                open.add(sse);
            }
            Sse sixth = open(TestApp.OFFICER_KEY, null);
            sixth.close();
            assertThat(sixth.response.statusCode()).isEqualTo(429);
            assertThat(sixth.response.getHeader("Retry-After")).isNotBlank();
            assertThat(Long.parseLong(sixth.response.getHeader("Retry-After"))).isPositive();
            assertThat(sixth.response.getHeader("Content-Type")).startsWith("application/problem+json");
            JsonObject problem = new JsonObject(sixth.text());
            assertThat(problem.getInteger("status")).isEqualTo(429);
            assertThat(problem.getString("detail")).contains("alerts.maxStreamsPerKey");

            // another key is not concerned
            Sse other = open(TestApp.ADMIN_KEY, null);
            open.add(other);
            assertThat(other.response.statusCode()).isEqualTo(200);

            // a stream that closes frees its slot (the server hears of the close a moment later)
            open.remove(0).close();
            Sse again = null;
            for (int i = 0; i < 50 && again == null; i++) {
                Sse tried = open(TestApp.OFFICER_KEY, null);
                if (tried.response.statusCode() == 200) {
                    again = tried;
                } else {
                    assertThat(tried.response.statusCode()).isEqualTo(429);
                    tried.close();
                    Thread.sleep(100);
                }
            }
            assertThat(again).as("a new stream after one closed").isNotNull();
            open.add(again);
            Sse over = open(TestApp.OFFICER_KEY, null);
            over.close();
            assertThat(over.response.statusCode()).isEqualTo(429);
        } finally {
            open.forEach(Sse::close);
        }
    }

    @Test
    void aReconnectingStreamGetsWhatItMissedInOrderNoneTwice() throws Exception {
        String key = TestApp.ADMIN_KEY;
        // live: the first notice's matches
        Sse first = open(key, null);
        String n1 = ingest("essor-test-stream-1");
        waitFor("the first notice's events stored", () -> stored(n1) > 0);
        long n1Count = stored(n1);
        List<String> seen = settle(first, (int) n1Count);
        assertThat(seen).hasSize((int) n1Count).allMatch(id -> id.startsWith(n1 + ":")).doesNotHaveDuplicates();
        first.close();

        // missed while disconnected
        String n2 = ingest("essor-test-stream-2");
        waitFor("the second notice's events stored", () -> stored(n2) > 0);
        long n2Count = stored(n2);

        // the whole window, for reference: an unknown id replays it all, in stored order
        Sse all = open(key, "no-such-event");
        List<String> window = settle(all, (int) (n1Count + n2Count));
        all.close();
        assertThat(window).hasSize((int) (n1Count + n2Count)).doesNotHaveDuplicates();
        assertThat(window.subList(0, seen.size())).isEqualTo(seen);

        // reconnecting after the last event seen: exactly the second notice's, in order
        Sse back = open(key, seen.get(seen.size() - 1));
        List<String> missed = settle(back, (int) n2Count);
        assertThat(missed).isEqualTo(window.subList(seen.size(), window.size()));
        assertThat(missed).allMatch(id -> id.startsWith(n2 + ":"));

        // and it goes on live
        String n3 = ingest("essor-test-stream-3");
        waitFor("the third notice's events stored", () -> stored(n3) > 0);
        long n3Count = stored(n3);
        List<String> then = settle(back, (int) (n2Count + n3Count));
        back.close();
        assertThat(then).hasSize((int) (n2Count + n3Count)).doesNotHaveDuplicates();
        assertThat(then.subList((int) n2Count, then.size())).allMatch(id -> id.startsWith(n3 + ":"));

        // a notice published while a replay runs: every event once, the replayed ones in order first
        Sse during = open(key, seen.get(0));
        String n4 = ingest("essor-test-stream-4");
        waitFor("the fourth notice's events stored", () -> stored(n4) > 0);
        long expected = n1Count - 1 + n2Count + n3Count + stored(n4);
        List<String> got = settle(during, (int) expected);
        during.close();
        assertThat(got).hasSize((int) expected).doesNotHaveDuplicates();
        assertThat(got.subList(0, (int) (n1Count - 1 + n2Count))).isEqualTo(window.subList(1, window.size()));
        assertThat(got).filteredOn(id -> id.startsWith(n4 + ":")).hasSize((int) stored(n4));
    }
}
