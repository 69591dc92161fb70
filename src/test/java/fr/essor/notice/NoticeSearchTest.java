package fr.essor.notice;

import fr.essor.testing.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static fr.essor.notice.NoticeTestClient.json;
import static fr.essor.notice.NoticeTestClient.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/notices filters and order, and GET /api/notices/{id}, on three native notices written here for their
 * exact places, codes and dates, and a real French eForms notice (Rouen Habitat, green spaces, CPV 77310000).
 */
class NoticeSearchTest {
    private static TestApp app;
    private static NoticeTestClient client;
    private static String cleaning;   // N1: Paris 11e, 90911200, integration, deadline 2030-06-01
    private static String roads;      // N2: Seine-et-Marne (FR102), 45233140, none, deadline 2029-01-01
    private static String catering;   // N3: Lyon 3e (69003) sheltered 55523100 + Paris (FR101) 90910000, deadline 2031
    private static String rouen;      // cn_24_FRA_comments.xml

    @BeforeAll
    static void start() {
        app = TestApp.start();
        client = new NoticeTestClient(app);
        String ndjson = String.join("\n",
                notice("search-1", "Nettoyage des locaux de la mairie", "2030-01-02T09:00:00+01:00",
                        lot("LOT-0001", "Nettoyage", "Entretien des bureaux et des vitres", "90911200",
                                new JsonObject().put("postcode", "75011").put("city", "Paris"), "integration",
                                "2030-06-01T12:00:00+02:00")).encode(),
                notice("search-2", "Travaux de voirie", "2030-01-03T09:00:00+01:00",
                        lot("LOT-0001", "Chaussées", "Réfection des chaussées", "45233140",
                                new JsonObject().put("nuts", new JsonArray().add("FR102")), "none",
                                "2029-01-01T12:00:00+01:00")).encode(),
                notice("search-3", "Restauration collective", "2030-01-01T09:00:00+01:00",
                        lot("LOT-0001", "Repas", "Repas des écoles", "55523100",
                                new JsonObject().put("postcode", "69003").put("city", "Lyon"), "sheltered",
                                "2031-01-01T12:00:00+01:00"),
                        lot("LOT-0002", "Plonge", "Nettoyage des cuisines", "90910000",
                                new JsonObject().put("nuts", new JsonArray().add("FR101")), "none",
                                "2030-12-01T12:00:00+01:00")).encode());
        HttpResponse<Buffer> natives = client.upload(TestApp.ADMIN_KEY, "application/x-ndjson",
                ndjson.getBytes(StandardCharsets.UTF_8));
        assertThat(natives.statusCode()).as(natives.bodyAsString()).isEqualTo(202);
        JsonArray ids = json(natives).getJsonArray("notices");
        cleaning = ids.getJsonObject(0).getString("id");
        roads = ids.getJsonObject(1).getString("id");
        catering = ids.getJsonObject(2).getString("id");
        HttpResponse<Buffer> real = client.push("application/xml", read(NoticeTestClient.SDK.resolve("cn_24_FRA_comments.xml")));
        assertThat(real.statusCode()).isEqualTo(202);
        rouen = json(real).getJsonArray("notices").getJsonObject(0).getString("id");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static JsonObject notice(String sourceId, String title, String publishedAt, JsonObject... lots) {
        return new JsonObject().put("source", "native").put("sourceId", sourceId).put("version", "1")
                .put("title", title).put("publishedAt", publishedAt)
                .put("buyer", new JsonObject().put("name", "Ville de test").put("kind", "local"))
                .put("lots", new JsonArray(List.of((Object[]) lots)));
    }

    private static JsonObject lot(String id, String title, String description, String cpv, JsonObject place,
                                  String reservation, String deadline) {
        return new JsonObject().put("lotId", id).put("title", title).put("description", description)
                .put("mainCpv", cpv).put("place", place).put("reservation", reservation).put("deadline", deadline);
    }

    private static List<String> ids(String query) {
        HttpResponse<Buffer> response = client.get("/api/notices" + query);
        assertThat(response.statusCode()).as(query + ": " + response.bodyAsString()).isEqualTo(200);
        JsonObject page = json(response);
        return page.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")).toList();
    }

    @Test
    void ordersByPublicationNewestFirstAndPages() {
        assertThat(ids("")).containsExactly(roads, cleaning, catering, rouen);
        JsonObject second = json(client.get("/api/notices?size=1&page=1"));
        assertThat(second.getLong("total")).isEqualTo(4);
        assertThat(second.getJsonArray("items")).hasSize(1);
        assertThat(second.getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(cleaning);
        assertThat(ids("?page=9")).isEmpty();
    }

    @Test
    void searchesFrenchTextOfTitlesAndLots() {
        // "espace vert" finds "espaces verts" (French stemming) in the Rouen notice
        assertThat(ids("?q=espace%20vert")).containsExactly(rouen);
        // a lot's description counts
        assertThat(ids("?q=bureaux")).containsExactly(cleaning);
        assertThat(ids("?q=nettoyage")).contains(cleaning, catering).doesNotContain(roads);
    }

    @Test
    void aCpvCodeMatchesTheCodesUnderIt() {
        assertThat(ids("?cpv=90910000")).containsExactly(cleaning, catering);
        assertThat(ids("?cpv=90911000-6")).containsExactly(cleaning);
        assertThat(ids("?cpv=45000000")).containsExactly(roads);
        assertThat(ids("?cpv=77300000")).containsExactly(rouen);
        assertThat(ids("?cpv=90911200&cpv=45233140")).containsExactly(roads, cleaning);
    }

    @Test
    void filtersByReservationDepartmentAndDeadline() {
        assertThat(ids("?reservation=integration")).containsExactly(cleaning);
        assertThat(ids("?reservation=sheltered")).containsExactly(catering);
        assertThat(ids("?department=75")).containsExactly(cleaning, catering);
        assertThat(ids("?department=77")).containsExactly(roads);
        assertThat(ids("?department=69")).containsExactly(catering);
        assertThat(ids("?department=76")).containsExactly(rouen);
        assertThat(ids("?deadlineAfter=2030-01-01")).containsExactly(cleaning, catering);
        assertThat(ids("?deadlineAfter=2030-12-15")).containsExactly(catering);
        assertThat(ids("?cpv=90910000&department=69&reservation=sheltered")).containsExactly(catering);
    }

    @Test
    void filtersByADeadlineBeforeAndByReservedLots() {
        // the real Rouen notice closed in 2019
        assertThat(ids("?deadlineBefore=2029-06-01")).containsExactly(roads, rouen);
        assertThat(ids("?deadlineBefore=2029-01-01T11:00:00Z")).containsExactly(rouen);
        assertThat(ids("?deadlineBefore=2029-01-01T11:00:01Z")).containsExactly(roads, rouen);
        // [after, before): the interval of a month
        assertThat(ids("?deadlineAfter=2029-01-01&deadlineBefore=2030-07-01")).containsExactly(roads, cleaning);
        // catering's latest deadline (2031) counts, not its earlier lot's
        assertThat(ids("?deadlineBefore=2031-01-01")).containsExactly(roads, cleaning, rouen);
        assertThat(ids("?reserved=true")).containsExactly(cleaning, catering);
        assertThat(ids("?reserved=false")).containsExactly(roads, rouen);
        assertThat(ids("?reserved=true&department=69")).containsExactly(catering);
        for (String bad : List.of("?deadlineBefore=soon", "?deadlineBefore=2030-13-01", "?reserved=yes")) {
            HttpResponse<Buffer> response = client.get("/api/notices" + bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(json(response).getJsonArray("errors").getJsonObject(0).getString("field"))
                    .isEqualTo(bad.substring(1, bad.indexOf('=')));
        }
    }

    @Test
    void itemsLeaveOutLotDescriptionsWhichTheNoticeItselfHas() {
        JsonObject item = json(client.get("/api/notices?cpv=90911200")).getJsonArray("items").getJsonObject(0);
        JsonObject lot = item.getJsonArray("lots").getJsonObject(0);
        assertThat(lot.containsKey("description")).isFalse();
        assertThat(lot.getString("title")).isEqualTo("Nettoyage");

        JsonObject one = json(client.get("/api/notices/" + cleaning));
        assertThat(one.getString("id")).isEqualTo(cleaning);
        assertThat(one.getString("sourceId")).isEqualTo("search-1");
        JsonObject full = one.getJsonArray("lots").getJsonObject(0);
        assertThat(full.getString("description")).isEqualTo("Entretien des bureaux et des vitres");
        assertThat(full.getString("reservation")).isEqualTo("integration");
        // geocoded from 75011: Paris 11e
        assertThat(full.getJsonObject("place").getDouble("lat")).isBetween(48.85, 48.87);
        // N2 placed by its NUTS3 code at Seine-et-Marne's centroid
        JsonObject roadsLot = json(client.get("/api/notices/" + roads)).getJsonArray("lots").getJsonObject(0);
        assertThat(roadsLot.getJsonObject("place").getDouble("lat")).isEqualTo(48.66297);
    }

    @Test
    void badParametersAndIdsAreClientErrors() {
        for (String query : List.of("?size=101", "?size=0", "?page=-1", "?deadlineAfter=tomorrow", "?cpv=12",
                "?reservation=maybe", "?department=00")) {
            HttpResponse<Buffer> response = client.get("/api/notices" + query);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(client.get("/api/notices/not-a-uuid").statusCode()).isEqualTo(404);
        assertThat(client.get("/api/notices/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        assertThat(client.get("/api/notices", null).statusCode()).isEqualTo(401);
        assertThat(client.get("/api/notices/" + cleaning, null).statusCode()).isEqualTo(401);
    }
}
