package fr.essor.registry;

import fr.essor.testing.TestApp;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static fr.essor.registry.RegistryFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md section 5: a PUT or an import answers once what it wrote is searchable on the node that answered, or
 * says {@code searchable: false} when the bound runs out. Every search here follows its write at once, with no wait.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadYourWritesTest {
    private TestApp app;

    @BeforeAll
    void start() {
        app = TestApp.start();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void anImportOfTheRealSiaeIsSearchableWhenItAnswers() {
        JsonObject summary = importOk(app, LEMARCHE, "lemarche");
        assertThat(summary.getLong("imported")).isEqualTo(3828);
        assertThat(summary.getBoolean("searchable")).isTrue();

        // the file's last enterprise (a valid SIRET), in the import's last batch
        RawCsv file = RawCsv.read(LEMARCHE);
        String[] last = file.rows().stream().filter(r -> Siret.isValid(file.get(r, "siret")))
                .reduce((a, b) -> b).orElseThrow();
        JsonObject page = search("/api/enterprises?size=100&q=" + URLEncoder.encode(file.get(last, "name"), StandardCharsets.UTF_8)
                + "&department=" + file.get(last, "department"));
        assertThat(sirets(page)).contains(file.get(last, "siret"));
        // and the whole file, not only its end
        assertThat(search("/api/enterprises?size=1").getLong("total")).isGreaterThanOrEqualTo(3828);
    }

    @Test
    void aPutIsSearchableUnderItsNewNameWhenItAnswers() {
        HttpResponse<Buffer> put = put(app, "51999000600008", "Zygopétale Recyclerie Citoyenne");
        assertThat(put.statusCode()).isIn(200, 201);
        assertThat(put.bodyAsJsonObject().getBoolean("searchable")).isTrue();

        assertThat(sirets(search("/api/enterprises?q=zygopetale"))).containsExactly("51999000600008");
    }

    @Test
    void theBoundRunsOutWithSearchableFalseWhileTheIndexIsHeldBack() {
        try (TestApp small = TestApp.start(new JsonObject().put("registry", new JsonObject().put("searchableTimeoutSeconds", 1)))) {
            Promise<Void> release = Promise.promise();
            small.main().services().registryIndex().holdCatchUp(release.future());

            long started = System.nanoTime();
            HttpResponse<Buffer> put = put(small, "51999000600008", "Octopode Ressourcerie");
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(put.statusCode()).isEqualTo(201);
            assertThat(put.bodyAsJsonObject().getBoolean("searchable")).isFalse();
            assertThat(seconds).as("answered after the 1 s bound, not long after").isBetween(0.9, 10.0);
            // committed all the same: read back from PostgreSQL, not yet from the index
            assertThat(get(small, "/api/enterprises/51999000600008", TestApp.OFFICER_KEY).statusCode()).isEqualTo(200);
            assertThat(search(small, "/api/enterprises?q=octopode").getLong("total")).isZero();

            release.complete();
            awaitIndex(small);
            assertThat(sirets(search(small, "/api/enterprises?q=octopode"))).containsExactly("51999000600008");
        }
    }

    private static HttpResponse<Buffer> put(TestApp app, String siret, String name) {
        JsonObject body = new JsonObject().put("name", name).put("categories", List.of("EI"))
                .put("postcode", "93230").put("naf", "56.21Z");
        return await(app.client().put("/api/enterprises/" + siret)
                .putHeader("Authorization", "Bearer " + TestApp.ADMIN_KEY)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(body.toBuffer()));
    }

    private JsonObject search(String uri) {
        return search(app, uri);
    }

    private static JsonObject search(TestApp app, String uri) {
        HttpResponse<Buffer> response = get(app, uri, TestApp.OFFICER_KEY);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    private static List<String> sirets(JsonObject page) {
        return page.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("siret")).toList();
    }
}
