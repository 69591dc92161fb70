package fr.essor.http;

import fr.essor.testing.TestApp;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static fr.essor.testing.TestApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits and the request-read timeout over HTTP, on services configured with tiny limits that barely refill
 * (one token in 1000 s), so the counts below do not depend on how fast the test runs.
 */
class RateLimitTest {
    private static final int KEY_BURST = 3;
    private static final int ADDRESS_BURST = 2;
    private static TestApp app;
    private static TestApp behindProxy;

    static JsonObject limits(int keyBurst, int addressBurst) {
        JsonObject slow = new JsonObject().put("perSecond", 0.001);
        return new JsonObject().put("enabled", true)
                .put("perKey", slow.copy().put("burst", keyBurst))
                .put("perFeed", slow.copy().put("burst", keyBurst))
                .put("perAddress", slow.copy().put("burst", addressBurst));
    }

    @BeforeAll
    static void start() {
        app = TestApp.start(new JsonObject().put("http", new JsonObject()
                .put("requestReadTimeoutSeconds", 1)
                .put("rateLimits", limits(KEY_BURST, ADDRESS_BURST))));
        behindProxy = TestApp.start(new JsonObject().put("http", new JsonObject()
                .put("trustedProxies", new JsonArray().add("127.0.0.1"))
                .put("rateLimits", limits(KEY_BURST, ADDRESS_BURST))));
    }

    @AfterAll
    static void stop() {
        app.close();
        behindProxy.close();
    }

    @Test
    void theRequestPastAKeysBurstGets429WithRetryAfterAndAnotherKeyIsUnaffected() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < KEY_BURST; i++) {
            statuses.add(await(cpv(app, TestApp.OFFICER_KEY).send()).statusCode());
        }
        assertThat(statuses).containsOnly(200);

        HttpResponse<Buffer> refused = await(cpv(app, TestApp.OFFICER_KEY).send());
        ServiceEdgeTest.assertProblem(refused, 429);
        assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isGreaterThanOrEqualTo(1);
        assertThat(await(cpv(app, TestApp.ADMIN_KEY).send()).statusCode()).isEqualTo(200);
    }

    @Test
    void healthMetricsAndTheContractAreNeverLimited() {
        for (String path : List.of("/health/live", "/health/ready", "/metrics", "/openapi.yaml")) {
            for (int i = 0; i < 3 * (KEY_BURST + ADDRESS_BURST); i++) {
                assertThat(await(app.client().get(path).send()).statusCode()).as(path).isEqualTo(200);
            }
        }
    }

    @Test
    void badKeysCountAgainstTheAddressAndAnUntrustedPeersForwardedForIsIgnored() {
        for (int i = 0; i < ADDRESS_BURST; i++) {
            HttpResponse<Buffer> r = await(cpv(app, "not-a-key-" + i).putHeader("X-Forwarded-For", "198.51.100." + i).send());
            ServiceEdgeTest.assertProblem(r, 401);
        }
        // a new forwarded address does not help: 127.0.0.1 is no trusted proxy here
        HttpResponse<Buffer> r = await(app.client().get("/api/enterprises")
                .putHeader("X-Forwarded-For", "198.51.100.99").send());
        ServiceEdgeTest.assertProblem(r, 429);
        assertThat(r.getHeader("Retry-After")).isNotNull();
    }

    @Test
    void fromATrustedProxyEachForwardedClientHasItsOwnBucket() {
        Supplier<HttpRequest<Buffer>> fromA = () -> behindProxy.client().get("/api/enterprises")
                .putHeader("X-Forwarded-For", "203.0.113.10");
        for (int i = 0; i < ADDRESS_BURST; i++) {
            ServiceEdgeTest.assertProblem(await(fromA.get().send()), 401);
        }
        ServiceEdgeTest.assertProblem(await(fromA.get().send()), 429);
        // another client behind the same proxy, and the client the proxy saw being what counts
        ServiceEdgeTest.assertProblem(await(behindProxy.client().get("/api/enterprises")
                .putHeader("X-Forwarded-For", "203.0.113.10, 203.0.113.11").send()), 401);
    }

    @Test
    void aBodyThatStopsComingGets408AndTheConnectionIsClosed() {
        Buffer received = Buffer.buffer();
        var socket = await(app.vertx().createNetClient().connect(app.port(), "127.0.0.1"));
        var closed = io.vertx.core.Promise.<Void>promise();
        socket.handler(received::appendBuffer);
        socket.closeHandler(v -> closed.tryComplete());
        // the admin key: the officer's bucket may be spent by another test
        await(socket.write("POST /api/match HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestApp.ADMIN_KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"text\":"));
        await(closed.future());
        String answer = received.toString();
        assertThat(answer).startsWith("HTTP/1.1 408").contains("application/problem+json");
    }

    @Test
    void limitsOffServeEverythingAndIdleConnectionsAreClosed() {
        try (TestApp off = TestApp.start(new JsonObject().put("http", new JsonObject().put("idleTimeoutSeconds", 1)
                .put("rateLimits", limits(1, 1).put("enabled", false))))) {
            List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(cpv(off, TestApp.OFFICER_KEY).send());
                answers.add(off.client().get("/api/enterprises").send());
            }
            for (int i = 0; i < answers.size(); i++) {
                assertThat(await(answers.get(i)).statusCode()).isEqualTo(i % 2 == 0 ? 200 : 401);
            }
            // a connection whose request was answered is closed once idle
            var answered = await(off.vertx().createNetClient().connect(off.port(), "127.0.0.1"));
            var answeredClosed = io.vertx.core.Promise.<Void>promise();
            Buffer received = Buffer.buffer();
            answered.handler(received::appendBuffer);
            answered.closeHandler(v -> answeredClosed.tryComplete());
            await(answered.write("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"));
            await(answeredClosed.future());
            assertThat(received.toString()).startsWith("HTTP/1.1 200");
        }
    }

    private static HttpRequest<Buffer> cpv(TestApp app, String key) {
        return app.client().get("/api/enterprises").addQueryParam("q", "nettoyage").bearerTokenAuthentication(key);
    }
}
