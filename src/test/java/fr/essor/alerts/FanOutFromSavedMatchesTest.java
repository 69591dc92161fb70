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

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static fr.essor.testing.TestApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerts fan out from what the automatic matching hands them (nothing read back): the events published live are
 * the stored matches, one per (lot, enterprise), each carrying the item as stored; the replay store gives back exactly
 * the events published, in the order published, and after any of them exactly those that followed it; a
 * {@code matches.ready} naming the notice alone (matches read back) publishes and records nothing more.
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
    void theStreamedEventsAreTheStoredMatchesAndTheReplayGivesThemBack() throws InterruptedException {
        List<JsonObject> live = new CopyOnWriteArrayList<>();
        // what a stream sends of each: the event's text
        app.vertx().eventBus().<JsonObject>consumer(Topics.MATCH_EVENTS, m -> live.add(new JsonObject(m.body().getString("data"))));
        HttpResponse<Buffer> pushed = await(app.client().post("/api/notices").bearerTokenAuthentication(TestApp.ADMIN_KEY)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(Fixtures.cleaningNotice().put("sourceId", "fan-out-saved").encode())));
        assertThat(pushed.statusCode()).as(pushed.bodyAsString()).isEqualTo(202);
        UUID id = UUID.fromString(pushed.bodyAsJsonObject().getJsonArray("notices").getJsonObject(0).getString("id"));
        Pool pool = app.main().services().database().pool();
        MatchEventStore store = new MatchEventStore(pool, Duration.ofHours(1));

        Map<String, JsonObject> stored = new HashMap<>();
        for (int i = 0; i < 600 && (stored.isEmpty() || ofNotice(live, id).size() < stored.size()); i++) {
            Thread.sleep(100);
            stored = matches(pool, id);
        }
        assertThat(stored).as("stored matches").isNotEmpty();
        List<JsonObject> published = ofNotice(live, id);
        assertThat(published).hasSize(stored.size());
        for (JsonObject e : published) {
            assertThat(e.getJsonObject("match")).as(e.getString("eventId")).isEqualTo(stored.get(e.getString("eventId")));
            assertThat(e.getJsonObject("notice").getString("id")).isEqualTo(id.toString());
            String eventId = e.getString("eventId");
            assertThat(e.getJsonObject("lot").getString("lotId")).isEqualTo(eventId.substring(37, eventId.length() - 15));
        }

        List<MatchEventStore.Stored> replayed = ofNotice(await(store.after(MatchEventStore.Position.START, null, null, 100_000)), id);
        assertThat(replayed.stream().map(e -> new JsonObject(e.data())).toList()).as("replayed as published, in order")
                .isEqualTo(published);
        int k = replayed.size() / 3;
        MatchEventStore.Position position = await(store.position(replayed.get(k).eventId()));
        assertThat(position).isEqualTo(replayed.get(k).position());
        assertThat(ofNotice(await(store.after(position, null, null, 100_000)), id).stream().map(MatchEventStore.Stored::eventId))
                .as("after an event: those that followed it").isEqualTo(replayed.subList(k + 1, replayed.size()).stream()
                        .map(MatchEventStore.Stored::eventId).toList());
        String siret = replayed.get(k).siret();
        assertThat(await(store.after(MatchEventStore.Position.START, siret, null, 100_000)))
                .isNotEmpty().allMatch(e -> e.eventId().endsWith(":" + siret));
        assertThat(await(store.position(id + ":no-such-lot:" + siret))).isEqualTo(MatchEventStore.Position.START);
        assertThat(await(store.position("not an event id"))).isEqualTo(MatchEventStore.Position.START);

        // the notice named alone: its matches are read back, and the fan-out is known already
        app.vertx().eventBus().publish(Topics.MATCHES_READY, new JsonObject().put("noticeId", id.toString()));
        Thread.sleep(1000);
        assertThat(ofNotice(live, id)).hasSize(published.size());
        assertThat(ofNotice(await(store.after(MatchEventStore.Position.START, null, null, 100_000)), id)).isEqualTo(replayed);
    }

    private static List<JsonObject> ofNotice(List<JsonObject> events, UUID id) {
        return events.stream().filter(e -> e.getString("eventId").startsWith(id + ":")).toList();
    }

    private static List<MatchEventStore.Stored> ofNotice(Collection<MatchEventStore.Stored> events, UUID id) {
        return events.stream().filter(e -> e.eventId().startsWith(id + ":")).toList();
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
}
