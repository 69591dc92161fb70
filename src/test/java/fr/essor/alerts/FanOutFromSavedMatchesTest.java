package fr.essor.alerts;

import fr.essor.config.Topics;
import fr.essor.testing.Fixtures;
import fr.essor.testing.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static fr.essor.testing.TestApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerts fan out from what the automatic matching hands them (nothing read back): the match events stored for
 * the stream are exactly the stored matches, one per (lot, enterprise), each carrying the item as stored; a
 * {@code matches.ready} naming the notice alone (matches read back) adds nothing to them.
 */
class FanOutFromSavedMatchesTest {
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

    @Test
    void theStreamedEventsAreTheStoredMatches() throws InterruptedException {
        HttpResponse<Buffer> pushed = await(app.client().post("/api/notices").bearerTokenAuthentication(TestApp.ADMIN_KEY)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(Fixtures.cleaningNotice().put("sourceId", "fan-out-saved").encode())));
        assertThat(pushed.statusCode()).as(pushed.bodyAsString()).isEqualTo(202);
        UUID id = UUID.fromString(pushed.bodyAsJsonObject().getJsonArray("notices").getJsonObject(0).getString("id"));
        Pool pool = app.main().services().database().pool();

        Map<String, JsonObject> stored = new HashMap<>();
        for (int i = 0; i < 600 && (stored.isEmpty() || events(pool, id).size() < stored.size()); i++) {
            Thread.sleep(100);
            stored = matches(pool, id);
        }
        assertThat(stored).as("stored matches").isNotEmpty();
        Map<String, JsonObject> events = events(pool, id);
        assertThat(events.keySet()).isEqualTo(stored.keySet());
        for (Map.Entry<String, JsonObject> e : events.entrySet()) {
            assertThat(e.getValue().getJsonObject("match")).as(e.getKey()).isEqualTo(stored.get(e.getKey()));
            assertThat(e.getValue().getJsonObject("notice").getString("id")).isEqualTo(id.toString());
        }

        // the notice named alone: its matches are read back, and every event is known already
        app.vertx().eventBus().publish(Topics.MATCHES_READY, new JsonObject().put("noticeId", id.toString()));
        Thread.sleep(1000);
        assertThat(events(pool, id)).isEqualTo(events);
    }

    /** The stored items by event id (notice:lot:siret). */
    private static Map<String, JsonObject> matches(Pool pool, UUID id) {
        Map<String, JsonObject> out = new HashMap<>();
        for (Row r : await(pool.preparedQuery("SELECT lot_id, siret, item::text FROM lot_match WHERE notice_id = $1")
                .execute(Tuple.of(id)))) {
            out.put(id + ":" + r.getString(0) + ":" + r.getString(1), new JsonObject(r.getString(2)));
        }
        return out;
    }

    /** The stored match events of the notice by event id. */
    private static Map<String, JsonObject> events(Pool pool, UUID id) {
        Map<String, JsonObject> out = new HashMap<>();
        for (Row r : await(pool.preparedQuery("SELECT event_id, payload::text FROM match_event WHERE event_id LIKE $1")
                .execute(Tuple.of(id + ":%")))) {
            out.put(r.getString(0), new JsonObject(r.getString(1)));
        }
        return out;
    }
}
