package fr.essor.http;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness while a check fails: everyone learns which check is down, only an admin key learns why; and the error
 * handler's 500 says nothing of its cause.
 */
class HealthRoutesTest {
    private static final String ADMIN = "admin-key-0123456789abcdef";
    private static final String OFFICER = "officer-key-0123456789abcdef";
    private static final String SECRET_CAUSE = "connection to db.internal.example:5432 as essor:hunter2 refused";
    private static Vertx vertx;
    private static WebClient client;

    @BeforeAll
    static void serve() throws Exception {
        vertx = Vertx.vertx();
        Readiness readiness = new Readiness();
        readiness.register("database", () -> Future.failedFuture(SECRET_CAUSE));
        readiness.register("index", Future::succeededFuture);
        Authentication auth = new Authentication(Map.of(Role.ADMIN, List.of(ADMIN), Role.OFFICER, List.of(OFFICER)));
        Router router = Router.router(vertx);
        new HealthRoutes(readiness, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), auth).mount(router);
        router.get("/boom").handler(ctx -> ctx.fail(new IllegalStateException(SECRET_CAUSE)));
        router.get("/boom-thrown").handler(ctx -> {
            throw new IllegalStateException(SECRET_CAUSE);
        });
        router.route().failureHandler(new ErrorHandler());
        int port = vertx.createHttpServer().requestHandler(router).listen(0).await().actualPort();
        client = WebClient.create(vertx, new WebClientOptions().setDefaultPort(port));
    }

    @AfterAll
    static void stop() {
        vertx.close().await();
    }

    @Test
    void anyoneLearnsWhichCheckFailsOnlyAnAdminWhy() throws Exception {
        for (String key : new String[]{null, OFFICER, "not-a-key"}) {
            HttpResponse<Buffer> r = get("/health/ready", key);
            assertThat(r.statusCode()).isEqualTo(503);
            JsonObject checks = r.bodyAsJsonObject().getJsonObject("checks");
            assertThat(checks.getJsonObject("database")).isEqualTo(new JsonObject().put("status", "DOWN"));
            assertThat(checks.getJsonObject("index")).isEqualTo(new JsonObject().put("status", "UP"));
            assertThat(r.bodyAsString()).as(key).doesNotContain("db.internal").doesNotContain("hunter2");
        }
        HttpResponse<Buffer> admin = get("/health/ready", ADMIN);
        assertThat(admin.statusCode()).isEqualTo(503);
        assertThat(admin.bodyAsJsonObject().getJsonObject("checks").getJsonObject("database").getString("reason"))
                .isEqualTo(SECRET_CAUSE);
    }

    @Test
    void aServerErrorSaysNothingOfItsCause() throws Exception {
        for (String path : new String[]{"/boom", "/boom-thrown"}) {
            HttpResponse<Buffer> r = get(path, null);
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.getHeader("Content-Type")).startsWith(Problems.CONTENT_TYPE);
            JsonObject problem = r.bodyAsJsonObject();
            assertThat(problem.getString("detail")).isEqualTo("the server could not answer this request; it has been logged");
            assertThat(r.bodyAsString()).doesNotContain("db.internal").doesNotContain("hunter2")
                    .doesNotContain("IllegalStateException");
        }
    }

    private static HttpResponse<Buffer> get(String path, String key) throws Exception {
        HttpRequest<Buffer> request = client.get(path);
        if (key != null) {
            request.bearerTokenAuthentication(key);
        }
        return request.send().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
