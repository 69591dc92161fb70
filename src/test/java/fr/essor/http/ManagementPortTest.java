package fr.essor.http;

import fr.essor.testing.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static fr.essor.testing.TestApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/** With http.managementPort set, /metrics is served on that port only; health answers on both. */
class ManagementPortTest {
    private static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.start(new JsonObject().put("http", new JsonObject().put("managementPort", 0)));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void metricsLeaveTheApiPort() {
        int management = app.main().management().actualPort();
        assertThat(management).isPositive().isNotEqualTo(app.port());

        HttpResponse<Buffer> onApi = await(app.client().get(app.port(), "localhost", "/metrics").send());
        assertThat(onApi.statusCode()).isEqualTo(404);
        assertThat(onApi.getHeader("Content-Type")).startsWith("application/problem+json");

        HttpResponse<Buffer> onManagement = await(app.client().get(management, "localhost", "/metrics").send());
        assertThat(onManagement.statusCode()).isEqualTo(200);
        assertThat(onManagement.bodyAsString()).contains("# TYPE");

        for (int port : new int[]{app.port(), management}) {
            assertThat(await(app.client().get(port, "localhost", "/health/live").send()).statusCode()).isEqualTo(200);
        }
    }
}
