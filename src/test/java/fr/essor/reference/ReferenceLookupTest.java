package fr.essor.reference;

import fr.essor.testing.TestApp;
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

import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/reference/cpv and /api/reference/places on the running service, over the shipped reference lists. */
@ExtendWith(VertxExtension.class)
class ReferenceLookupTest {
    private static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static void get(VertxTestContext ctx, Checkpoint done, String uri, Consumer<HttpResponse<Buffer>> check) {
        app.client().get(uri).bearerTokenAuthentication(TestApp.OFFICER_KEY).send()
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    check.accept(r);
                    done.flag();
                })));
    }

    private static List<String> field(HttpResponse<Buffer> r, String name) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject().getJsonArray("items").stream().map(i -> ((JsonObject) i).getString(name)).toList();
    }

    @Test
    void cpvByLabelWordsWithoutAccentsOrCase(VertxTestContext ctx) {
        Checkpoint done = ctx.checkpoint(3);
        get(ctx, done, "/api/reference/cpv?q=espaces%20verts", r -> {
            List<String> codes = field(r, "code");
            assertThat(codes.subList(0, Math.min(5, codes.size()))).contains("77310000");
            JsonObject hit = r.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
                    .filter(i -> i.getString("code").equals("77310000")).findFirst().orElseThrow();
            assertThat(hit.getString("label")).isEqualTo("Réalisation et entretien d'espaces verts");
            assertThat(hit.getString("level")).isEqualTo("class");
            JsonArray parents = hit.getJsonArray("parents");
            assertThat(parents.stream().map(p -> ((JsonObject) p).getString("code")).toList())
                    .containsExactly("77000000", "77300000");
            assertThat(parents.getJsonObject(0).getString("label")).startsWith("Services agricoles");
        });
        // accents and case do not matter; "des" is not asked of the label
        get(ctx, done, "/api/reference/cpv?q=ENTRETIEN%20DES%20ESPACES%20VERTS", r ->
                assertThat(field(r, "code")).first().isEqualTo("77310000"));
        get(ctx, done, "/api/reference/cpv?q=r%C3%A9alisation%20ESPACE&limit=3", r -> {
            assertThat(field(r, "code")).contains("77310000").hasSizeLessThanOrEqualTo(3);
        });
    }

    @Test
    void cpvByCodePrefixOrWholeCode(VertxTestContext ctx) {
        Checkpoint done = ctx.checkpoint(3);
        get(ctx, done, "/api/reference/cpv?q=7731", r -> {
            List<String> codes = field(r, "code");
            assertThat(codes).first().isEqualTo("77310000");
            assertThat(codes).allMatch(c -> c.startsWith("7731")).hasSizeGreaterThan(1);
        });
        get(ctx, done, "/api/reference/cpv?q=77310000-6", r -> assertThat(field(r, "code")).first().isEqualTo("77310000"));
        get(ctx, done, "/api/reference/cpv?q=90911200", r -> {
            assertThat(field(r, "code")).containsExactly("90911200");
            assertThat(r.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getJsonArray("parents").size()).isEqualTo(4);
        });
    }

    @Test
    void placesByNameOrPostcode(VertxTestContext ctx) {
        Checkpoint done = ctx.checkpoint(4);
        get(ctx, done, "/api/reference/places?q=93100", r -> {
            JsonObject first = r.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
            assertThat(first.getString("insee")).isEqualTo("93048");
            assertThat(first.getString("name")).isEqualTo("MONTREUIL");
            assertThat(first.getString("postcode")).isEqualTo("93100");
            assertThat(first.getString("department")).isEqualTo("93");
            assertThat(first.getDouble("lat")).isBetween(48.8, 48.9);
            assertThat(first.getDouble("lon")).isBetween(2.4, 2.5);
        });
        get(ctx, done, "/api/reference/places?q=Montreuil", r -> assertThat(field(r, "insee")).contains("93048"));
        get(ctx, done, "/api/reference/places?q=st-denis", r ->
                assertThat(field(r, "insee").subList(0, 2)).containsExactlyInAnyOrder("93066", "97411"));
        get(ctx, done, "/api/reference/places?q=Saint%20Denis&limit=2", r -> assertThat(field(r, "insee")).hasSize(2));
    }

    @Test
    void aMissingOrBlankQueryIsA400NamingQ(VertxTestContext ctx) {
        Checkpoint done = ctx.checkpoint(4);
        for (String uri : List.of("/api/reference/cpv", "/api/reference/cpv?q=%20%20", "/api/reference/places?q=",
                "/api/reference/places?q=paris&limit=0")) {
            get(ctx, done, uri, r -> {
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
                String field = r.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field");
                assertThat(field).isEqualTo(uri.contains("limit") ? "limit" : "q");
            });
        }
    }
}
