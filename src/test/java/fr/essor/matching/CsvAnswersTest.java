package fr.essor.matching;

import fr.essor.testing.Fixtures;
import fr.essor.testing.TestApp;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static fr.essor.testing.TestApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Accept: text/csv} on POST /api/match and GET /api/enterprises, over the real Île-de-France slice of the
 * registry plus one enterprise whose name a spreadsheet would run: the same page as the JSON, one supplier a line,
 * components as columns, RFC 4180 quoting, no formula left to run.
 */
@ExtendWith(VertxExtension.class)
class CsvAnswersTest {
    private static final String HOSTILE_SIRET = "44306184100047";
    private static final String HOSTILE_NAME = "=HYPERLINK(\"http://evil.example\",\"Atelier, du \"\"Lien\"\"\")";
    private static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.start();
        app.importRegistry(Fixtures.IDF_REGISTRY, "lemarche");
        JsonObject hostile = new JsonObject().put("name", HOSTILE_NAME).put("categories", new JsonArray().add("ACI"))
                .put("naf", "8121Z").put("description", "Nettoyage de bureaux et de locaux").put("postcode", "93100")
                .put("city", "Montreuil").put("website", "-cmd|' /C calc'!A0");
        var put = await(app.client().put("/api/enterprises/" + HOSTILE_SIRET).bearerTokenAuthentication(TestApp.ADMIN_KEY)
                .sendJsonObject(hostile));
        assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(201);
        var services = app.main().services();
        await(services.registryIndex().awaitChange(await(services.registry().store().lastChange())));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static final JsonObject LOT = new JsonObject().put("text", "nettoyage de bureaux")
            .put("cpv", new JsonArray().add("90910000")).put("place", new JsonObject().put("postcode", "93100"))
            .put("size", 30).put("page", 0);

    @Test
    void aMatchPageAsCsvHasTheJsonItemsInOrderWithComponentColumns(VertxTestContext ctx) {
        Future<HttpResponse<Buffer>> json = app.client().post("/api/match").bearerTokenAuthentication(TestApp.OFFICER_KEY)
                .sendJsonObject(LOT);
        Future<HttpResponse<Buffer>> csv = app.client().post("/api/match").bearerTokenAuthentication(TestApp.OFFICER_KEY)
                .putHeader("Accept", "text/csv").sendJsonObject(LOT);
        Future.all(json, csv).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
            HttpResponse<Buffer> r = csv.result();
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
            assertThat(r.getHeader("Content-Type")).isEqualTo("text/csv; charset=utf-8");
            assertThat(r.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"essor-match.csv\"");
            List<List<String>> rows = parse(r.bodyAsString());
            assertThat(rows.get(0)).startsWith("rank", "siret", "name", "score", "eligible", "categories", "distanceKm",
                    "text", "cpv", "geo", "capacity", "preference").contains("naf", "postcode", "city", "website");
            JsonArray items = json.result().bodyAsJsonObject().getJsonArray("items");
            assertThat(rows).hasSize(items.size() + 1);
            int siret = rows.get(0).indexOf("siret");
            int geo = rows.get(0).indexOf("geo");
            for (int i = 0; i < items.size(); i++) {
                JsonObject item = items.getJsonObject(i);
                assertThat(rows.get(i + 1).get(0)).isEqualTo(String.valueOf(i + 1));
                assertThat(rows.get(i + 1).get(siret)).isEqualTo(item.getString("siret"));
                assertThat(Double.parseDouble(rows.get(i + 1).get(geo)))
                        .isEqualTo(item.getJsonObject("components").getJsonObject("geo").getDouble("value"));
            }
            List<String> hostile = rows.stream().filter(row -> row.get(siret).equals(HOSTILE_SIRET)).findFirst().orElseThrow();
            assertThat(hostile.get(rows.get(0).indexOf("name"))).isEqualTo("'" + HOSTILE_NAME);
            assertThat(hostile.get(rows.get(0).indexOf("website"))).startsWith("'-cmd");
            assertThat(hostile.get(rows.get(0).indexOf("naf"))).isEqualTo("81.21Z");
            assertThat(hostile.get(rows.get(0).indexOf("nafLabel"))).isEqualTo("Nettoyage courant des bâtiments");
            ctx.completeNow();
        })));
    }

    @Test
    void theSecondPageCarriesOnTheRanks(VertxTestContext ctx) {
        app.client().post("/api/match").bearerTokenAuthentication(TestApp.OFFICER_KEY).putHeader("Accept", "text/csv")
                .sendJsonObject(LOT.copy().put("size", 5).put("page", 1))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    List<List<String>> rows = parse(r.bodyAsString());
                    assertThat(rows).hasSize(6);
                    assertThat(rows.get(1).get(0)).isEqualTo("6");
                    ctx.completeNow();
                })));
    }

    @Test
    void anInvalidBodyIsStillAProblem(VertxTestContext ctx) {
        app.client().post("/api/match").bearerTokenAuthentication(TestApp.OFFICER_KEY).putHeader("Accept", "text/csv")
                .sendJsonObject(new JsonObject().put("text", "x").put("place", new JsonObject().put("insee", "93999")))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.statusCode()).isEqualTo(422);
                    assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
                    ctx.completeNow();
                })));
    }

    @Test
    void anEnterpriseSearchAsCsv(VertxTestContext ctx) {
        String uri = "/api/enterprises?q=nettoyage&near=48.86,2.44&radiusKm=20&size=50";
        Future<HttpResponse<Buffer>> json = app.client().get(uri).bearerTokenAuthentication(TestApp.OFFICER_KEY).send();
        Future<HttpResponse<Buffer>> csv = app.client().get(uri).bearerTokenAuthentication(TestApp.OFFICER_KEY)
                .putHeader("Accept", "application/json;q=0.5, text/csv").send();
        Future.all(json, csv).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
            HttpResponse<Buffer> r = csv.result();
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.getHeader("Content-Type")).isEqualTo("text/csv; charset=utf-8");
            assertThat(r.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"essor-enterprises.csv\"");
            List<List<String>> rows = parse(r.bodyAsString());
            assertThat(rows.get(0)).startsWith("siret", "name", "categories", "score", "distanceKm");
            JsonArray items = json.result().bodyAsJsonObject().getJsonArray("items");
            assertThat(items).isNotEmpty();
            assertThat(rows.stream().skip(1).map(row -> row.get(0)).toList())
                    .isEqualTo(items.stream().map(i -> ((JsonObject) i).getString("siret")).toList());
            assertThat(rows.stream().skip(1).map(row -> row.get(0))).contains(HOSTILE_SIRET);
            ctx.completeNow();
        })));
    }

    /** A strict RFC 4180 reader (CRLF between records; quoted fields may hold anything). */
    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(c);
            }
        }
        assertThat(cell).isEmpty();
        assertThat(row).isEmpty();
        return rows;
    }
}
