package fr.essor.notice;

import fr.essor.reference.ReferenceData;
import fr.essor.testing.TestApp;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static fr.essor.testing.TestApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The group commit of {@link NoticeStore} on a real PostgreSQL: pushes that wait together are stored by one
 * transaction, yet a notice PostgreSQL refuses fails its own push only, a duplicate is told as one, twins of one
 * webhook-id store once, and many concurrent pushes each store exactly once.
 */
class NoticeBatchStoreTest {
    private static TestApp app;
    private static Pool pool;
    private static NoticeGeocoder geocoder;

    @BeforeAll
    static void start() {
        app = TestApp.start();
        pool = app.main().services().database().pool();
        geocoder = new NoticeGeocoder(ReferenceData.get().geography());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** A store writing one group at a time: while the first push is written, the others wait and go together. */
    private static NoticeStore oneWriter() {
        return new NoticeStore(pool, app.vertx().eventBus(), new NoticeStore.Settings(1, 200));
    }

    private static IngestBatch batch(String sourceId, String version) {
        JsonObject notice = new JsonObject().put("sourceId", sourceId).put("version", version)
                .put("title", "Nettoyage des locaux " + sourceId)
                .put("lots", new JsonArray().add(new JsonObject().put("lotId", "LOT-0001").put("title", "Nettoyage")
                        .put("mainCpv", "90910000").put("place", new JsonObject().put("postcode", "93100"))));
        return IngestBatch.prepare(NoticeParsers.parse("application/json", notice.encode().getBytes(StandardCharsets.UTF_8)),
                geocoder);
    }

    /** A notice PostgreSQL refuses: a source its check constraint does not know. */
    private static IngestBatch refused(String sourceId) {
        IngestBatch good = batch(sourceId, "1");
        IngestBatch.Ready r = good.ready().get(0);
        Notice n = r.notice();
        Notice bad = new Notice(n.id(), "unknown", n.sourceId(), n.version(), n.title(), n.buyer(), n.contractNature(),
                n.lightRegime(), n.publishedAt(), n.deadline(), n.supersedes(),
                n.problems(), n.lots());
        return new IngestBatch(List.of(new IngestBatch.Ready(r.index(), bad, r.document(), r.fields(), r.lotDepartments())),
                List.of(), List.of());
    }

    /** As the routes call it: from an event loop, every call made before any answer comes back. */
    private static <T> List<Future<T>> onLoop(java.util.function.Supplier<List<Future<T>>> calls) {
        io.vertx.core.Promise<List<Future<T>>> made = io.vertx.core.Promise.promise();
        app.vertx().runOnContext(x -> made.complete(calls.get()));
        return await(made.future());
    }

    private static long count(String sql, Object... params) {
        return await(pool.preparedQuery(sql).execute(Tuple.wrap(params))).iterator().next().getLong(0);
    }

    @Test
    void aRefusedNoticeFailsItsOwnPushOnlyAndTheOthersOfItsGroupAreStored() {
        NoticeStore store = oneWriter();
        String prefix = "batch-bad-" + UUID.randomUUID();
        List<Future<IngestResult>> answers = onLoop(() -> {
            List<Future<IngestResult>> out = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                out.add(store.store(i == 3 ? refused(prefix + "-" + i) : batch(prefix + "-" + i, "1"), null, "admin"));
            }
            return out;
        });
        await(Future.join(answers).otherwiseEmpty());
        for (int i = 0; i < 6; i++) {
            if (i == 3) {
                assertThat(answers.get(i).failed()).as("the refused push").isTrue();
            } else {
                assertThat(answers.get(i).succeeded()).as("push %d: %s", i, answers.get(i).cause()).isTrue();
                assertThat(answers.get(i).result().notices()).hasSize(1);
            }
        }
        assertThat(count("SELECT count(*) FROM notices WHERE source_id LIKE $1", prefix + "%")).isEqualTo(5);
        assertThat(count("SELECT count(*) FROM notices WHERE source_id = $1", prefix + "-3")).isZero();
        // each stored notice whole: its lot and its outbox row
        assertThat(count("SELECT count(*) FROM notice_lots l JOIN notices n ON n.id = l.notice_id WHERE n.source_id LIKE $1",
                prefix + "%")).isEqualTo(5);
        assertThat(count("SELECT count(*) FROM outbox o JOIN notices n ON n.id = (o.payload->>'id')::uuid "
                + "WHERE n.source_id LIKE $1", prefix + "%")).isEqualTo(5);
    }

    @Test
    void aDuplicateInTheSameGroupOrLaterIsToldAsOne() {
        NoticeStore store = oneWriter();
        String id = "batch-dup-" + UUID.randomUUID();
        List<Future<IngestResult>> answers = onLoop(() -> List.of(
                store.store(batch("batch-other-" + UUID.randomUUID(), "1"), null, "admin"), // the first goes alone
                store.store(batch(id, "1"), null, "admin"),
                store.store(batch(id, "1"), null, "admin"),
                store.store(batch(id, "2"), null, "admin")));
        await(Future.all(answers));
        assertThat(answers.get(1).result().notices()).hasSize(1);
        assertThat(answers.get(2).result().notices()).isEmpty();
        assertThat(answers.get(2).result().duplicates()).isEqualTo(1);
        assertThat(answers.get(3).result().notices()).hasSize(1);
        UUID first = answers.get(1).result().notices().get(0).id();
        UUID second = answers.get(3).result().notices().get(0).id();
        // the later version, stored in a later round of the same transaction, replaces the first
        assertThat(await(pool.preparedQuery("SELECT superseded_by FROM notices WHERE id = $1").execute(Tuple.of(first)))
                .iterator().next().getUUID(0)).isEqualTo(second);
        IngestResult again = await(store.store(batch(id, "1"), null, "admin"));
        assertThat(again.notices()).isEmpty();
        assertThat(again.duplicates()).isEqualTo(1);
    }

    @Test
    void twinsOfOneDeliveryStoreOnceAndTheSecondIsAReplay() {
        NoticeStore store = oneWriter();
        FeedSignature.Delivery delivery = new FeedSignature.Delivery("test", "twin-" + UUID.randomUUID());
        String id = "batch-twin-" + UUID.randomUUID();
        List<Future<IngestResult>> answers = onLoop(() -> List.of(
                store.store(batch("batch-other-" + UUID.randomUUID(), "1"), null, "admin"),
                store.store(batch(id, "1"), delivery, "test"),
                store.store(batch(id, "1"), delivery, "test")));
        await(Future.all(answers));
        assertThat(answers.get(1).result().notices()).hasSize(1);
        assertThat(answers.get(2).result().notices()).isEmpty();
        assertThat(answers.get(2).result().duplicates()).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM notices WHERE source_id = $1", id)).isEqualTo(1);
    }

    @Test
    void concurrentPushesAreEachStoredOnce() {
        NoticeStore store = new NoticeStore(pool, app.vertx().eventBus(), new NoticeStore.Settings(2, 16));
        String prefix = "batch-many-" + UUID.randomUUID();
        int pushes = 120;
        List<Future<IngestResult>> answers = onLoop(() -> {
            List<Future<IngestResult>> out = new ArrayList<>();
            for (int i = 0; i < pushes; i++) {
                // every notice twice (two versions of a few), from separate pushes
                out.add(store.store(batch(prefix + "-" + (i % 60), "1"), null, "admin"));
            }
            return out;
        });
        await(Future.all(answers));
        int stored = answers.stream().mapToInt(f -> f.result().notices().size()).sum();
        int duplicates = answers.stream().mapToInt(f -> f.result().duplicates()).sum();
        assertThat(stored).isEqualTo(60);
        assertThat(duplicates).isEqualTo(60);
        assertThat(count("SELECT count(*) FROM notices WHERE source_id LIKE $1", prefix + "%")).isEqualTo(60);
        assertThat(count("SELECT count(*) FROM notice_lots l JOIN notices n ON n.id = l.notice_id WHERE n.source_id LIKE $1",
                prefix + "%")).isEqualTo(60);
    }
}
