package fr.essor.registry;

import fr.essor.testing.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static fr.essor.registry.RegistryFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** A newcomer's first start: an empty registry gets the bundled SIAE list before the service says it is ready. */
class RegistrySeedTest {

    @Test
    void anEmptyRegistryIsSeededBeforeReadyAndOnlyOnce() throws Exception {
        Path dataDir;
        String db;
        try (TestApp app = TestApp.start(new JsonObject().put("seed", true))) {
            dataDir = app.dataDir();
            db = app.dbUrl();
            JsonObject ready = awaitReady(app);
            assertThat(ready.getJsonObject("checks").fieldNames()).contains("seed", "index", "database");
            // ready means searchable: the whole seed is in the index
            JsonObject all = get(app, "/api/enterprises?size=1", TestApp.OFFICER_KEY).bodyAsJsonObject();
            assertThat(all.getLong("total")).isEqualTo(3828);
            assertThat(all.getJsonObject("facets").getJsonObject("category").getLong("GEIQ")).isEqualTo(170);
            await(app.client().delete("/api/enterprises/80746931700018")
                    .putHeader("Authorization", "Bearer " + TestApp.ADMIN_KEY).send());
        }
        // not empty any more: no seed again (the deleted enterprise stays deleted)
        try (TestApp again = TestApp.start(TestApp.defaults(dataDir, db).put("seed", true), dataDir, db)) {
            awaitReady(again);
            assertThat(await(again.main().services().registry().store().count())).isEqualTo(3827);
        }
    }

    private static JsonObject awaitReady(TestApp app) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        HttpResponse<Buffer> response;
        do {
            response = await(app.client().get("/health/ready").send());
            if (response.statusCode() == 200) {
                return response.bodyAsJsonObject();
            }
            Thread.sleep(200);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("not ready: " + response.bodyAsString());
    }
}
