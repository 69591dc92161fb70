package fr.essor.alerts;

import fr.essor.config.Topics;
import fr.essor.testing.Fixtures;
import fr.essor.testing.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static fr.essor.testing.TestApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A notice whose matches were saved but which was never fanned out (its node stopped in between: here its fan-out
 * record is removed, as if it had never been written) is fanned out by the recovery sweep: its events are published
 * and recorded for the replay; a notice fanned out already is left alone.
 */
class FanOutRecoveryTest {
    private static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.start(new JsonObject().put("alerts", new JsonObject().put("recoverySeconds", 1)));
        app.importRegistry(Fixtures.IDF_REGISTRY, "lemarche");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aNoticeMatchedButNotFannedOutIsFannedOutByTheSweepOnce() throws InterruptedException {
        List<String> live = new CopyOnWriteArrayList<>();
        app.vertx().eventBus().<JsonObject>consumer(Topics.MATCH_EVENTS, m -> live.add(m.body().getString("eventId")));
        HttpResponse<Buffer> pushed = await(app.client().post("/api/notices").bearerTokenAuthentication(TestApp.ADMIN_KEY)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(Fixtures.cleaningNotice().put("sourceId", "fan-out-recovery").encode())));
        assertThat(pushed.statusCode()).as(pushed.bodyAsString()).isEqualTo(202);
        UUID id = UUID.fromString(pushed.bodyAsJsonObject().getJsonArray("notices").getJsonObject(0).getString("id"));
        Pool pool = app.main().services().database().pool();

        for (int i = 0; i < 600 && fanOuts(pool, id) == 0; i++) {
            Thread.sleep(100);
        }
        assertThat(fanOuts(pool, id)).as("fanned out once matched").isEqualTo(1);
        int events = ofNotice(live, id);
        assertThat(events).isPositive();
        Thread.sleep(2_500); // two sweeps: a notice fanned out already is left alone
        assertThat(ofNotice(live, id)).isEqualTo(events);

        // as if its node had stopped between saving the matches and fanning them out
        await(pool.preparedQuery("DELETE FROM match_fanout WHERE notice_id = $1").execute(Tuple.of(id)));
        for (int i = 0; i < 100 && fanOuts(pool, id) == 0; i++) {
            Thread.sleep(100);
        }
        assertThat(fanOuts(pool, id)).as("fanned out by the sweep").isEqualTo(1);
        for (int i = 0; i < 50 && ofNotice(live, id) < 2 * events; i++) {
            Thread.sleep(100);
        }
        assertThat(ofNotice(live, id)).as("its events published again, once").isEqualTo(2 * events);
        Thread.sleep(2_500);
        assertThat(ofNotice(live, id)).isEqualTo(2 * events);
    }

    private static long fanOuts(Pool pool, UUID id) {
        return await(pool.preparedQuery("SELECT count(*) FROM match_fanout WHERE notice_id = $1").execute(Tuple.of(id)))
                .iterator().next().getLong(0);
    }

    private static int ofNotice(List<String> eventIds, UUID id) {
        return (int) eventIds.stream().filter(e -> e.startsWith(id + ":")).count();
    }
}
