package fr.essor.alerts;

import fr.essor.testing.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static fr.essor.testing.TestApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/** With the default configuration a callback on the service's own host is refused at creation, and nothing stored. */
class CallbackDefaultsTest {
    private static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aLoopbackCallbackIsRefusedAndNothingIsStored() {
        HttpResponse<Buffer> refused = await(app.client().post("/api/subscriptions").bearerTokenAuthentication(TestApp.OFFICER_KEY)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(new JsonObject().put("siret", "80746931700018").put("callbackUrl", "http://127.0.0.1:9/hook").encode())));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.getHeader("Content-Type")).startsWith("application/problem+json");
        JsonObject error = refused.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0);
        assertThat(error.getString("field")).isEqualTo("callbackUrl");
        assertThat(error.getString("message")).contains("https");

        HttpResponse<Buffer> https = await(app.client().post("/api/subscriptions").bearerTokenAuthentication(TestApp.OFFICER_KEY)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(new JsonObject().put("siret", "80746931700018").put("callbackUrl", "https://127.0.0.1:9/hook").encode())));
        assertThat(https.statusCode()).isEqualTo(422);
        assertThat(https.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("message")).contains("loopback");

        JsonObject list = await(app.client().get("/api/subscriptions").bearerTokenAuthentication(TestApp.OFFICER_KEY).send()).bodyAsJsonObject();
        assertThat(list.getLong("total")).isZero();
    }
}
