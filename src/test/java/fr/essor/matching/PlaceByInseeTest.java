package fr.essor.matching;

import fr.essor.testing.Fixtures;
import fr.essor.testing.TestApp;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code place: {insee}} wherever a place is taken (POST /api/match, POST /api/reservability, a saved query), on the
 * real Île-de-France slice of the registry: Montreuil by its INSEE code ranks as Montreuil by its postcode; an unknown
 * code (or postcode) is a 422 naming {@code place.insee} ({@code place.postcode}).
 */
@ExtendWith(VertxExtension.class)
class PlaceByInseeTest {
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

    private static Future<HttpResponse<Buffer>> post(String uri, JsonObject body) {
        return app.client().post(uri).bearerTokenAuthentication(TestApp.OFFICER_KEY).sendJsonObject(body);
    }

    private static JsonObject lot(JsonObject place) {
        return new JsonObject().put("text", "nettoyage de bureaux").put("cpv", new JsonArray().add("90910000"))
                .put("place", place).put("size", 10);
    }

    private static void expect422(VertxTestContext ctx, Checkpoint done, String uri, JsonObject body, String field) {
        post(uri, body).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(422);
            assertThat(r.bodyAsJsonObject().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
                    .contains(field);
            done.flag();
        })));
    }

    @Test
    void aCommuneByInseeCodeIsTheSamePlaceAsByPostcode(VertxTestContext ctx) {
        Future<HttpResponse<Buffer>> byInsee = post("/api/match", lot(new JsonObject().put("insee", "93048")));
        Future<HttpResponse<Buffer>> byPostcode = post("/api/match", lot(new JsonObject().put("postcode", "93100")));
        Future.all(byInsee, byPostcode).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
            JsonObject a = byInsee.result().bodyAsJsonObject();
            JsonObject b = byPostcode.result().bodyAsJsonObject();
            assertThat(byInsee.result().statusCode()).isEqualTo(200);
            assertThat(a.getInteger("total")).isPositive().isEqualTo(b.getInteger("total"));
            assertThat(a.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("siret")).toList())
                    .isEqualTo(b.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("siret")).toList());
            assertThat(a.getJsonArray("items").getJsonObject(0).getValue("distanceKm")).isNotNull();
            ctx.completeNow();
        })));
    }

    @Test
    void reservabilityTakesAnInseeCode(VertxTestContext ctx) {
        post("/api/reservability", lot(new JsonObject().put("insee", "93048")).put("reservation", "integration"))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
                    assertThat(r.bodyAsJsonObject().getJsonObject("recommendation").getString("code")).isNotEqualTo("place-unknown");
                    ctx.completeNow();
                })));
    }

    @Test
    void anUnknownCommuneOrPostcodeIsA422NamingIt(VertxTestContext ctx) {
        Checkpoint done = ctx.checkpoint(5);
        expect422(ctx, done, "/api/match", lot(new JsonObject().put("insee", "93999")), "place.insee");
        expect422(ctx, done, "/api/match", lot(new JsonObject().put("postcode", "00000")), "place.postcode");
        expect422(ctx, done, "/api/reservability", lot(new JsonObject().put("insee", "99999")), "place.insee");
        expect422(ctx, done, "/api/subscriptions", new JsonObject().put("callbackUrl", "https://example.org/hook")
                .put("query", lot(new JsonObject().put("insee", "93999"))), "query.place.insee");
        expect422(ctx, done, "/api/match", lot(new JsonObject().put("insee", "Montreuil")), "place.insee");
    }

    @Test
    void aSavedQueryKeepsItsInseePlace(VertxTestContext ctx) {
        Consumer<HttpResponse<Buffer>> check = r -> {
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
            assertThat(r.bodyAsJsonObject().getJsonObject("query").getJsonObject("place").getString("insee")).isEqualTo("93048");
        };
        post("/api/subscriptions", new JsonObject().put("callbackUrl", "https://example.org/hook")
                .put("query", lot(new JsonObject().put("insee", "93048"))))
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    check.accept(r);
                    ctx.completeNow();
                })));
    }
}
