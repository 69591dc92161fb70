package fr.essor.http;

import fr.essor.testing.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole service started as a user runs it: health, metrics, OpenAPI, and the error edge. */
@ExtendWith(VertxExtension.class)
class ServiceEdgeTest {
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
    void liveAndReady(VertxTestContext ctx) {
        var live = ctx.checkpoint();
        var ready = ctx.checkpoint();
        app.client().get("/health/live").send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.statusCode()).isEqualTo(200);
            live.flag();
        })));
        app.client().get("/health/ready").send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.statusCode()).isEqualTo(200);
            JsonObject body = r.bodyAsJsonObject();
            assertThat(body.getString("status")).isEqualTo("UP");
            assertThat(body.getJsonObject("checks").getJsonObject("database").getString("status")).isEqualTo("UP");
            ready.flag();
        })));
    }

    @Test
    void metricsArePrometheusText(VertxTestContext ctx) {
        // a first request so that HTTP server metrics exist
        app.client().get("/health/live").send()
                .compose(r -> app.client().get("/metrics").send())
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.bodyAsString()).contains("# TYPE").contains("vertx_http_server_requests");
                    ctx.completeNow();
                })));
    }

    @Test
    void openApiDocumentIsServedWithoutKey(VertxTestContext ctx) {
        app.client().get("/openapi.yaml").send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.bodyAsString()).startsWith("openapi: 3.1").contains("/api/match:").contains("/api/notices:");
            ctx.completeNow();
        })));
    }

    @Test
    void noKeyIs401BeforeRouting(VertxTestContext ctx) {
        app.client().get("/api/no-such-thing").send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertProblem(r, 401);
            assertThat(r.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
            ctx.completeNow();
        })));
    }

    @Test
    void badKeyIs401(VertxTestContext ctx) {
        app.client().get("/api/enterprises").bearerTokenAuthentication("not-a-key").send()
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertProblem(r, 401);
                    ctx.completeNow();
                })));
    }

    @Test
    void unknownPathIs404(VertxTestContext ctx) {
        app.client().get("/api/no-such-thing").bearerTokenAuthentication(TestApp.OFFICER_KEY).send()
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertProblem(r, 404);
                    ctx.completeNow();
                })));
    }

    @Test
    void wrongMethodIs405(VertxTestContext ctx) {
        app.client().request(HttpMethod.DELETE, "/health/live").send()
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertProblem(r, 405);
                    ctx.completeNow();
                })));
    }

    @Test
    void oversizedBodyIs413BeforeAuthentication(VertxTestContext ctx) {
        Buffer body = Buffer.buffer(new byte[1024 * 1024 + 1]);
        app.client().post("/api/match").putHeader("Content-Type", "application/json").sendBuffer(body)
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertProblem(r, 413);
                    ctx.completeNow();
                })));
    }

    static void assertProblem(HttpResponse<Buffer> r, int status) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
        JsonObject problem = r.bodyAsJsonObject();
        assertThat(problem.getInteger("status")).isEqualTo(status);
        assertThat(problem.getString("title")).isNotBlank();
        assertThat(problem.getString("detail")).isNotBlank();
        assertThat(problem.getJsonArray("errors")).isNotNull();
    }
}
