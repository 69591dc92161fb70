package fr.essor.registry;

import fr.essor.testing.Fixtures;
import fr.essor.testing.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static fr.essor.testing.TestApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code nafLabel} on the enterprise JSON the API answers (one, a search's items, a PUT's answer), from the NAF
 * catalogue; null without a NAF code. It is computed: an answer PUT back is taken unchanged.
 */
@ExtendWith(VertxExtension.class)
class NafLabelTest {
    private static final String COLLECTERIE = "75187049400026"; // 8899B in the real lemarche slice
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
    void oneEnterpriseAndSearchItemsCarryTheLabel(VertxTestContext ctx) {
        Checkpoint done = ctx.checkpoint(2);
        app.client().get("/api/enterprises/" + COLLECTERIE).bearerTokenAuthentication(TestApp.OFFICER_KEY).send()
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.bodyAsJsonObject().getString("naf")).isEqualTo("88.99B");
                    assertThat(r.bodyAsJsonObject().getString("nafLabel")).isEqualTo("Action sociale sans hébergement n.c.a.");
                    done.flag();
                })));
        app.client().get("/api/enterprises?size=100").bearerTokenAuthentication(TestApp.OFFICER_KEY).send()
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    JsonArray items = r.bodyAsJsonObject().getJsonArray("items");
                    assertThat(items).isNotEmpty();
                    for (Object o : items) {
                        JsonObject e = (JsonObject) o;
                        assertThat(e.containsKey("nafLabel")).as(e.encode()).isTrue();
                        assertThat(e.getString("nafLabel") == null).as(e.encode()).isEqualTo(e.getString("naf") == null);
                    }
                    done.flag();
                })));
    }

    @Test
    void nullWithoutACodeAndIgnoredOnInput(VertxTestContext ctx) {
        String uri = "/api/enterprises/44306184100047";
        JsonObject body = new JsonObject().put("name", "ATELIER SANS NAF").put("categories", new JsonArray().add("ACI"))
                .put("postcode", "93100").put("nafLabel", "whatever a client says");
        app.client().put(uri).bearerTokenAuthentication(TestApp.ADMIN_KEY).sendJsonObject(body)
                .compose(created -> {
                    ctx.verify(() -> {
                        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
                        assertThat(created.bodyAsJsonObject().getValue("nafLabel")).isNull();
                    });
                    // the answer PUT back, with a code now: the label follows the code, not the body
                    JsonObject back = created.bodyAsJsonObject().put("naf", "8121Z");
                    return app.client().put(uri).bearerTokenAuthentication(TestApp.ADMIN_KEY).sendJsonObject(back);
                })
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
                    assertThat(r.bodyAsJsonObject().getString("nafLabel")).isEqualTo("Nettoyage courant des bâtiments");
                    ctx.completeNow();
                })));
    }
}
