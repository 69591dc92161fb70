package fr.essor.matching;

import fr.essor.testing.Fixtures;
import fr.essor.testing.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static fr.essor.testing.TestApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A notice pushed as a feed would push it is matched lot by lot against the real inclusive employers of
 * Île-de-France: stored, explained, eligible only for the reserved lot; its reservability and ad hoc matches answer.
 */
class AutomaticMatchingTest {
    private static final Set<String> SIAE = Set.of("EI", "ETTI", "AI", "ACI", "EITI");
    private static TestApp app;
    private static String noticeId;

    @BeforeAll
    static void start() {
        app = TestApp.start();
        JsonObject imported = app.importRegistry(Fixtures.IDF_REGISTRY, "lemarche");
        assertThat(imported.getInteger("imported")).isGreaterThan(200);
        HttpResponse<Buffer> pushed = await(app.client().post("/api/notices").bearerTokenAuthentication(TestApp.ADMIN_KEY)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(Fixtures.cleaningNotice().encode())));
        assertThat(pushed.statusCode()).as(pushed.bodyAsString()).isEqualTo(202);
        noticeId = pushed.bodyAsJsonObject().getJsonArray("notices").getJsonObject(0).getString("id");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static JsonObject get(String uri) {
        HttpResponse<Buffer> r = await(app.client().get(uri).bearerTokenAuthentication(TestApp.OFFICER_KEY).send());
        assertThat(r.statusCode()).as(uri + " " + r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject();
    }

    static JsonObject awaitMatches() throws InterruptedException {
        for (int i = 0; i < 240; i++) {
            JsonObject body = get("/api/notices/" + noticeId + "/matches?size=50");
            if ("done".equals(body.getString("status"))) {
                return body;
            }
            assertThat(body.getString("status")).isEqualTo("pending");
            Thread.sleep(250);
        }
        throw new AssertionError("the notice was not matched within 60 s");
    }

    @Test
    void everyLotIsMatchedWithExplainedScores() throws InterruptedException {
        JsonArray lots = awaitMatches().getJsonArray("lots");
        assertThat(lots).hasSize(2);
        assertThat(lots.getJsonObject(0).getString("lotId")).isEqualTo("LOT-0001");
        JsonArray open = lots.getJsonObject(0).getJsonArray("items");
        assertThat(open).isNotEmpty();
        double previous = Double.MAX_VALUE;
        for (int i = 0; i < open.size(); i++) {
            JsonObject item = open.getJsonObject(i);
            JsonObject components = item.getJsonObject("components");
            assertThat(components.fieldNames()).containsExactlyInAnyOrder("text", "cpv", "geo", "capacity", "preference");
            double sum = 0;
            for (String name : components.fieldNames()) {
                JsonObject c = components.getJsonObject(name);
                assertThat(c.getString("reason")).isNotBlank();
                assertThat(c.getDouble("value")).isBetween(0.0, 1.0);
                sum += c.getDouble("weight") * c.getDouble("value");
            }
            // the score and each value are given to 4 decimals
            assertThat(item.getDouble("score")).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(item.getDouble("score")).isLessThanOrEqualTo(previous);
            previous = item.getDouble("score");
        }
        // the best supplier for office cleaning does cleaning: its CPV component names a shared class at least
        assertThat(open.getJsonObject(0).getJsonObject("components").getJsonObject("cpv").getDouble("value")).isGreaterThanOrEqualTo(0.6);
    }

    @Test
    void theReservedLotListsOnlyInsertionStructures() throws InterruptedException {
        JsonArray items = awaitMatches().getJsonArray("lots").getJsonObject(1).getJsonArray("items");
        assertThat(items).isNotEmpty();
        for (int i = 0; i < items.size(); i++) {
            JsonObject item = items.getJsonObject(i);
            assertThat(item.getBoolean("eligible")).isTrue();
            assertThat(item.getJsonObject("eligibility").getString("article")).startsWith("L2113-13 ");
            List<String> categories = item.getJsonArray("categories").getList();
            assertThat(categories).as(item.getString("name")).anyMatch(SIAE::contains);
            assertThat(categories).doesNotContain("GEIQ").doesNotContain("EA");
        }
    }

    @Test
    void oneLotCanBeAskedFor() throws InterruptedException {
        awaitMatches();
        JsonObject body = get("/api/notices/" + noticeId + "/matches?lot=LOT-0002&size=3");
        assertThat(body.getJsonArray("lots")).hasSize(1);
        assertThat(body.getJsonArray("lots").getJsonObject(0).getJsonArray("items").size()).isBetween(1, 3);
    }

    @Test
    void storedAndAdHocMatchesComeInPagesThatNeitherRepeatNorSkip() throws InterruptedException {
        awaitMatches();
        String lot = "/api/notices/" + noticeId + "/matches?lot=LOT-0001";
        JsonArray four = items(get(lot + "&size=4").getJsonArray("lots").getJsonObject(0));
        JsonArray first = items(get(lot + "&size=2&page=0").getJsonArray("lots").getJsonObject(0));
        JsonArray second = items(get(lot + "&size=2&page=1").getJsonArray("lots").getJsonObject(0));
        assertThat(four).hasSize(4);
        assertThat(sirets(first, second)).isEqualTo(sirets(four));
        HttpResponse<Buffer> badPage = await(app.client().get(lot + "&page=-1").bearerTokenAuthentication(TestApp.OFFICER_KEY).send());
        assertThat(badPage.statusCode()).isEqualTo(400);
        assertThat(badPage.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("page");

        JsonObject query = new JsonObject().put("text", "nettoyage de bureaux").put("cpv", new JsonArray().add("90910000"))
                .put("place", new JsonObject().put("postcode", "75011"));
        JsonObject six = post("/api/match", "application/json", query.copy().put("size", 6).encode()).bodyAsJsonObject();
        JsonObject p0 = post("/api/match", "application/json", query.copy().put("size", 3).put("page", 0).encode()).bodyAsJsonObject();
        JsonObject p1 = post("/api/match", "application/json", query.copy().put("size", 3).put("page", 1).encode()).bodyAsJsonObject();
        assertThat(p0.getInteger("total")).isEqualTo(six.getInteger("total")).isEqualTo(p1.getInteger("total"));
        assertThat(six.getString("totalRelation")).isEqualTo("eq");
        assertThat(sirets(p0.getJsonArray("items"), p1.getJsonArray("items"))).isEqualTo(sirets(six.getJsonArray("items")));
        JsonObject components = six.getJsonArray("items").getJsonObject(0).getJsonObject("components");
        for (String c : components.fieldNames()) {
            assertThat(components.getJsonObject(c).getString("code")).as(c).isNotBlank();
        }
    }

    @Test
    void eachLotTellsItsTotalTheSameOnEveryPage() throws InterruptedException {
        awaitMatches();
        String lot = "/api/notices/" + noticeId + "/matches?lot=LOT-0001";
        JsonObject first = get(lot + "&size=2&page=0").getJsonArray("lots").getJsonObject(0);
        JsonObject second = get(lot + "&size=2&page=1").getJsonArray("lots").getJsonObject(0);
        JsonObject past = get(lot + "&size=100&page=999").getJsonArray("lots").getJsonObject(0);
        JsonObject big = get(lot + "&size=100").getJsonArray("lots").getJsonObject(0);
        long total = first.getLong("total");
        assertThat(total).isGreaterThan(2);
        assertThat(second.getLong("total")).isEqualTo(total);
        assertThat(past.getLong("total")).isEqualTo(total);
        assertThat(items(past)).isEmpty();
        assertThat(items(big).size()).isEqualTo((int) Math.min(100, total));
        // pages as a page would walk them: ceil(total / size) pages, the last one not empty, none after
        int size = 7;
        int pages = (int) ((total + size - 1) / size);
        assertThat(items(get(lot + "&size=" + size + "&page=" + (pages - 1)).getJsonArray("lots").getJsonObject(0))).isNotEmpty();
        assertThat(items(get(lot + "&size=" + size + "&page=" + pages).getJsonArray("lots").getJsonObject(0))).isEmpty();
    }

    @Test
    void aSupplierKeySeesItsOwnMatchesOnly() throws InterruptedException {
        JsonArray all = items(awaitMatches().getJsonArray("lots").getJsonObject(0));
        String own = all.getJsonObject(2).getString("siret");
        JsonObject made = await(app.client().post("/api/keys").bearerTokenAuthentication(TestApp.ADMIN_KEY)
                .sendJsonObject(new JsonObject().put("role", "supplier").put("label", "one supplier")
                        .put("sirets", new JsonArray().add(own)))).bodyAsJsonObject();
        HttpResponse<Buffer> r = await(app.client().get("/api/notices/" + noticeId + "/matches?size=50")
                .bearerTokenAuthentication(made.getString("key")).send());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonArray lots = r.bodyAsJsonObject().getJsonArray("lots");
        assertThat(sirets(items(lots.getJsonObject(0)))).containsExactly(own);
        assertThat(lots.getJsonObject(0).getLong("total")).isEqualTo(1L); // its own only
        for (int i = 1; i < lots.size(); i++) {
            assertThat(sirets(items(lots.getJsonObject(i)))).containsOnly(own);
        }
    }

    private static JsonArray items(JsonObject lot) {
        return lot.getJsonArray("items");
    }

    private static List<String> sirets(JsonArray... pages) {
        List<String> out = new java.util.ArrayList<>();
        for (JsonArray page : pages) {
            page.forEach(i -> out.add(((JsonObject) i).getString("siret")));
        }
        return out;
    }

    @Test
    void reservabilityAnswersPerLotWithAnArticle() {
        JsonArray lots = get("/api/notices/" + noticeId + "/reservability").getJsonArray("lots");
        assertThat(lots).hasSize(2);
        for (int i = 0; i < lots.size(); i++) {
            JsonObject lot = lots.getJsonObject(i);
            assertThat(lot.getJsonArray("bases")).isNotEmpty();
            JsonObject recommendation = lot.getJsonObject("recommendation");
            assertThat(recommendation.getString("action")).isIn("reserve-contract", "reserve-lot", "insertion-clause", "award-criterion");
            assertThat(recommendation.getString("article")).isNotBlank();
        }
        JsonObject integration = lots.getJsonObject(1).getJsonArray("bases").stream().map(JsonObject.class::cast)
                .filter(b -> "integration".equals(b.getString("reservation"))).findFirst().orElseThrow();
        assertThat(integration.getInteger("eligible")).isPositive();
    }

    @Test
    void adHocMatchAnswersAndRefusesBadBodies() {
        JsonObject query = new JsonObject().put("text", "nettoyage de bureaux").put("cpv", new JsonArray().add("90910000"))
                .put("place", new JsonObject().put("postcode", "75011")).put("size", 5);
        HttpResponse<Buffer> ok = post("/api/match", "application/json", query.encode());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.bodyAsJsonObject().getJsonArray("items")).hasSize(5);

        HttpResponse<Buffer> tooBig = post("/api/match", "application/json", query.copy().put("size", 101).encode());
        assertThat(tooBig.statusCode()).isEqualTo(422);
        assertThat(tooBig.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("size");
        assertThat(post("/api/match", "application/json", "{\"text\": ").statusCode()).isEqualTo(400);
        assertThat(post("/api/match", "application/json", "").statusCode()).isEqualTo(400);
        assertThat(post("/api/reservability", "application/json", "").statusCode()).isEqualTo(400);
        assertThat(post("/api/match", "application/json", "[1, 2]").statusCode()).isEqualTo(422);
        assertThat(post("/api/match", "text/plain", query.encode()).statusCode()).isEqualTo(415);
        assertThat(post("/api/reservability", "application/json", query.encode()).bodyAsJsonObject().getJsonArray("bases")).isNotEmpty();
    }

    @Test
    void unknownNoticesAndBadSizesAreClientErrors() {
        HttpResponse<Buffer> unknown = await(app.client().get("/api/notices/00000000-0000-0000-0000-000000000000/matches")
                .bearerTokenAuthentication(TestApp.OFFICER_KEY).send());
        assertThat(unknown.statusCode()).isEqualTo(404);
        HttpResponse<Buffer> badSize = await(app.client().get("/api/notices/" + noticeId + "/matches?size=0")
                .bearerTokenAuthentication(TestApp.OFFICER_KEY).send());
        assertThat(badSize.statusCode()).isEqualTo(400);
        HttpResponse<Buffer> notAnId = await(app.client().get("/api/notices/nope/reservability")
                .bearerTokenAuthentication(TestApp.OFFICER_KEY).send());
        assertThat(notAnId.statusCode()).isEqualTo(404);
    }

    private static HttpResponse<Buffer> post(String uri, String type, String body) {
        return await(app.client().post(uri).bearerTokenAuthentication(TestApp.OFFICER_KEY).putHeader("Content-Type", type)
                .sendBuffer(Buffer.buffer(body)));
    }
}
