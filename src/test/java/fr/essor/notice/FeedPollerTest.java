package fr.essor.notice;

import fr.essor.testing.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static fr.essor.notice.FeedPushTest.waitFor;
import static fr.essor.notice.NoticeTestClient.await;
import static fr.essor.notice.NoticeTestClient.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The poller against a local HTTP server serving the real Armenian OCDS release package with an ETag: the first
 * poll stores its 27 tenders, the next ones get 304, and when the server fails the polls back off.
 */
class FeedPollerTest {
    /** What the server saw and answered. */
    private record Seen(long at, String ifNoneMatch, int status) {
    }

    @Test
    void storesThenGets304ThenBacksOffOnErrors() throws Exception {
        byte[] pkg = read(NoticeTestClient.OCDS.resolve("armenia/sample/releases/6.json"));
        List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
        int[] mode = {200};
        Vertx serverVertx = Vertx.vertx();
        HttpServer server = await(serverVertx.createHttpServer().requestHandler(req -> {
            String etag = "\"armenia-6\"";
            int status;
            if (mode[0] == 500) {
                status = 500;
                req.response().setStatusCode(500).end("down");
            } else if (etag.equals(req.getHeader("If-None-Match"))) {
                status = 304;
                req.response().setStatusCode(304).end();
            } else {
                status = 200;
                // no content type given: the poller sniffs JSON
                req.response().putHeader("ETag", etag).end(Buffer.buffer(pkg));
            }
            seen.add(new Seen(System.currentTimeMillis(), req.getHeader("If-None-Match"), status));
        }).listen(0, "127.0.0.1"));
        String url = "http://127.0.0.1:" + server.actualPort() + "/ocds/releases.json";
        try (TestApp app = TestApp.start(new JsonObject().put("feeds", new JsonObject().put("pull", new JsonObject()
                .put("urls", new JsonArray().add(url)).put("intervalSeconds", 1).put("maxBackoffSeconds", 8))))) {
            NoticeTestClient client = new NoticeTestClient(app);
            waitFor(() -> seen.size() >= 3);
            synchronized (seen) {
                assertThat(seen.get(0).ifNoneMatch()).isNull();
                assertThat(seen.get(0).status()).isEqualTo(200);
                assertThat(seen.get(1).ifNoneMatch()).isEqualTo("\"armenia-6\"");
                assertThat(seen.get(1).status()).isEqualTo(304);
                assertThat(seen.get(2).status()).isEqualTo(304);
            }
            // the first poll went the way of a push: 27 tenders stored, each with its outbox row
            assertThat(client.count("SELECT count(*) FROM notices WHERE received_from = $1", "pull:" + url)).isEqualTo(27);
            assertThat(client.count("SELECT count(*) FROM outbox")).isEqualTo(27);
            FeedPollerVerticle.FeedState state = app.main().services().feedPoller().states().get(0);
            assertThat(state.stored()).isEqualTo(27);
            assertThat(state.failures()).isZero();

            mode[0] = 500;
            int from = seen.size();
            waitFor(() -> seen.size() >= from + 4);
            List<Seen> errors;
            synchronized (seen) {
                errors = new ArrayList<>(seen.subList(from, from + 4));
            }
            assertThat(errors).extracting(Seen::status).containsOnly(500);
            // gaps after each error: 2 s, 4 s, 8 s (the cap)
            long gap1 = errors.get(1).at() - errors.get(0).at();
            long gap2 = errors.get(2).at() - errors.get(1).at();
            long gap3 = errors.get(3).at() - errors.get(2).at();
            assertThat(gap1).isBetween(1_800L, 3_500L);
            assertThat(gap2).isBetween(3_800L, 5_500L);
            assertThat(gap3).isBetween(7_800L, 9_500L);
            FeedPollerVerticle.FeedState failing = app.main().services().feedPoller().states().get(0);
            assertThat(failing.lastStatus()).isEqualTo(500);
            assertThat(failing.failures()).isGreaterThanOrEqualTo(3);

            // back to health: the next poll succeeds (304: nothing new) and the interval is one second again
            mode[0] = 200;
            int recovered = seen.size();
            waitFor(() -> seen.size() >= recovered + 2);
            synchronized (seen) {
                assertThat(seen.get(recovered).status()).isEqualTo(304);
                assertThat(seen.get(recovered + 1).at() - seen.get(recovered).at()).isBetween(800L, 2_500L);
            }
            assertThat(client.count("SELECT count(*) FROM notices")).isEqualTo(27);
        } finally {
            await(serverVertx.close());
        }
    }
}
