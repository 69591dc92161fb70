package fr.essor.matching;

import fr.essor.config.Topics;
import fr.essor.testing.Fixtures;
import fr.essor.testing.TestApp;
import fr.essor.testing.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static fr.essor.testing.TestApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Automatic matching stores each notice's matches once: a second matcher sweeping every 200 ms on the same database
 * (as a second node would, or a sweep racing the events) and a restart do not match a notice again, nor announce its
 * matches twice. Stored matches go with their notice when it is deleted (V12: a trigger, not a foreign key).
 */
class MatchStoredOnceTest {

    @Test
    void eachNoticeIsMatchedOnceWhateverSweepsEventsOrRestartsAskForIt() throws Exception {
        Path dataDir = TestApp.tempDir();
        String db = TestDatabases.freshDatabaseUrl();
        JsonObject config = TestApp.defaults(dataDir, db);
        List<UUID> ids = new ArrayList<>();
        Map<UUID, OffsetDateTime> doneAt;
        try (TestApp app = TestApp.start(config, dataDir, db)) {
            app.importRegistry(Fixtures.IDF_REGISTRY, "lemarche");
            Map<String, Integer> announced = announcements(app);
            var s = app.main().services();
            MatchVerticle second = new MatchVerticle(s.matching(), s.matchStore(), () -> true, () -> false,
                    new MatchVerticle.Settings(100, 200, 2, 3, 30, 30), new SimpleMeterRegistry());
            await(app.vertx().deployVerticle(second));
            for (int i = 0; i < 8; i++) {
                ids.add(push(app, "stored-once-" + i));
            }
            Pool pool = s.database().pool();
            awaitDone(pool, ids);
            // the other matcher keeps sweeping: it finds nothing to do
            Thread.sleep(600);
            for (UUID id : ids) {
                assertThat(announced.get(id.toString())).as("matches.ready for %s", id).isEqualTo(1);
            }
            for (Row r : await(pool.preparedQuery("SELECT r.notice_id, r.matches, (SELECT count(*) FROM lot_match m "
                    + "WHERE m.notice_id = r.notice_id) FROM match_run r WHERE r.notice_id = ANY($1)")
                    .execute(Tuple.tuple().addValue(ids.toArray(new UUID[0]))))) {
                assertThat(r.getInteger(1)).isPositive();
                assertThat(r.getLong(2)).as("rows of %s", r.getUUID(0)).isEqualTo(r.getInteger(1).longValue());
            }
            doneAt = updatedAt(pool, ids);
        }

        try (TestApp again = TestApp.start(config, dataDir, db)) {
            Map<String, Integer> announced = announcements(again);
            // a new notice matched after the restart: the sweep at readiness has run by then
            UUID later = push(again, "stored-once-later");
            Pool pool = again.main().services().database().pool();
            awaitDone(pool, List.of(later));
            assertThat(announced).containsOnlyKeys(later.toString());
            assertThat(updatedAt(pool, ids)).isEqualTo(doneAt);
        }
    }

    @Test
    void storedMatchesAreDeletedWithTheirNoticeAndOnlyThem() throws Exception {
        try (TestApp app = TestApp.start()) {
            app.importRegistry(Fixtures.IDF_REGISTRY, "lemarche");
            List<UUID> ids = List.of(push(app, "deleted-1"), push(app, "deleted-2"), push(app, "kept"));
            Pool pool = app.main().services().database().pool();
            awaitDone(pool, ids);
            assertThat(matchRows(pool, ids)).allSatisfy((id, rows) -> assertThat(rows).as("rows of %s", id).isPositive());
            long kept = matchRows(pool, ids).get(ids.get(2));

            await(pool.preparedQuery("DELETE FROM notices WHERE id = ANY($1)")
                    .execute(Tuple.tuple().addValue(new UUID[] {ids.get(0), ids.get(1)})));

            Map<UUID, Long> after = matchRows(pool, ids);
            assertThat(after.get(ids.get(0))).isZero();
            assertThat(after.get(ids.get(1))).isZero();
            assertThat(after.get(ids.get(2))).isEqualTo(kept);
        }
    }

    /** How many stored matches each notice has. */
    private static Map<UUID, Long> matchRows(Pool pool, List<UUID> ids) {
        Map<UUID, Long> out = new HashMap<>();
        await(pool.preparedQuery("SELECT x.id, (SELECT count(*) FROM lot_match m WHERE m.notice_id = x.id) FROM unnest($1::uuid[]) AS x(id)")
                .execute(Tuple.tuple().addValue(ids.toArray(new UUID[0]))))
                .forEach(r -> out.put(r.getUUID(0), r.getLong(1)));
        return out;
    }

    private static Map<String, Integer> announcements(TestApp app) {
        Map<String, Integer> announced = new ConcurrentHashMap<>();
        await(app.vertx().eventBus().<MatchesReady>consumer(Topics.MATCHES_READY,
                m -> announced.merge(m.body().noticeId().toString(), 1, Integer::sum)).completion());
        return announced;
    }

    private static UUID push(TestApp app, String sourceId) {
        JsonObject notice = Fixtures.cleaningNotice().put("sourceId", sourceId);
        HttpResponse<Buffer> pushed = await(app.client().post("/api/notices").bearerTokenAuthentication(TestApp.ADMIN_KEY)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(notice.encode())));
        assertThat(pushed.statusCode()).as(pushed.bodyAsString()).isEqualTo(202);
        return UUID.fromString(pushed.bodyAsJsonObject().getJsonArray("notices").getJsonObject(0).getString("id"));
    }

    private static void awaitDone(Pool pool, List<UUID> ids) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            long done = await(pool.preparedQuery("SELECT count(*) FROM match_run WHERE status = 'done' AND notice_id = ANY($1)")
                    .execute(Tuple.tuple().addValue(ids.toArray(new UUID[0])))).iterator().next().getLong(0);
            if (done == ids.size()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not every notice was matched within 60 s");
    }

    private static Map<UUID, OffsetDateTime> updatedAt(Pool pool, List<UUID> ids) {
        Map<UUID, OffsetDateTime> out = new HashMap<>();
        await(pool.preparedQuery("SELECT notice_id, updated_at FROM match_run WHERE notice_id = ANY($1)")
                .execute(Tuple.tuple().addValue(ids.toArray(new UUID[0]))))
                .forEach(r -> out.put(r.getUUID(0), r.getOffsetDateTime(1)));
        return out;
    }
}
