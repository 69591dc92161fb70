package fr.essor.alerts;

import fr.essor.config.Topics;
import fr.essor.http.StandardWebhooks;
import fr.essor.testing.Fixtures;
import fr.essor.testing.TestApp;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static fr.essor.testing.TestApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts end to end: an enterprise and a saved query subscribe with callbacks on a local server; a notice arrives;
 * signed webhooks reach them (a failing callback is retried), the match stream carries the matches, and a second
 * fan-out of the same notice pushes nothing again.
 */
class AlertsFlowTest {
    private static TestApp app;
    private static HttpServer callbacks;
    private static final List<Received> received = new CopyOnWriteArrayList<>();
    private static final AtomicInteger flakyFailures = new AtomicInteger(1);

    record Received(String path, MultiMap headers, Buffer body) {
    }

    @BeforeAll
    static void start() {
        // the local receiver gets through the operator's allowlist, as an on-premise one would; the defaults stay strict
        app = TestApp.start(new JsonObject().put("alerts", new JsonObject()
                .put("webhooks", new JsonObject().put("firstRetryMillis", 200).put("pollMillis", 100)
                        .put("allowHttp", true).put("allowedHosts", new JsonArray().add("127.0.0.1")))));
        app.importRegistry(Fixtures.IDF_REGISTRY, "lemarche");
        callbacks = await(app.vertx().createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            received.add(new Received(req.path(), req.headers(), body));
            boolean fail = req.path().equals("/flaky") && flakyFailures.getAndDecrement() > 0;
            req.response().setStatusCode(fail ? 500 : 204).end();
        })).listen(0, "127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static String callback(String path) {
        return "http://127.0.0.1:" + callbacks.actualPort() + path;
    }

    private static HttpResponse<Buffer> post(String uri, JsonObject body) {
        return await(app.client().post(uri).bearerTokenAuthentication(TestApp.OFFICER_KEY)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body.encode())));
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("waited 30 s for " + what + "; received " + received.stream().map(Received::path).toList());
    }

    private static List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Test
    void subscribersAreToldOnceWithSignedWebhooksAndTheStreamCarriesMatches() throws Exception {
        JsonObject lot = Fixtures.cleaningNotice().getJsonArray("lots").getJsonObject(0);
        // the enterprise a buyer would find first for this lot subscribes by its SIRET
        JsonObject adHoc = new JsonObject().put("text", lot.getString("title") + " " + lot.getString("description"))
                .put("cpv", new JsonArray().add(lot.getString("mainCpv"))).put("place", new JsonObject().put("postcode", "93100"));
        String siret = post("/api/match", adHoc).bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("siret");
        HttpResponse<Buffer> enterprise = post("/api/subscriptions", new JsonObject().put("siret", siret).put("callbackUrl", callback("/flaky")));
        assertThat(enterprise.statusCode()).as(enterprise.bodyAsString()).isEqualTo(201);
        String enterpriseSecret = enterprise.bodyAsJsonObject().getString("secret");
        assertThat(enterpriseSecret).startsWith("whsec_");
        // a network of cleaning structures around Paris saves a query
        HttpResponse<Buffer> query = post("/api/subscriptions", new JsonObject().put("callbackUrl", callback("/network"))
                .put("query", new JsonObject().put("cpv", new JsonArray().add("90911000")).put("place", new JsonObject().put("postcode", "75011"))));
        assertThat(query.statusCode()).as(query.bodyAsString()).isEqualTo(201);
        // a query that concerns another trade hears nothing
        assertThat(post("/api/subscriptions", new JsonObject().put("callbackUrl", callback("/printers"))
                .put("query", new JsonObject().put("text", "impression reprographie").put("cpv", new JsonArray().add("79800000")))).statusCode())
                .isEqualTo(201);

        List<String> stream = new CopyOnWriteArrayList<>();
        HttpClient sse = app.vertx().createHttpClient();
        await(sse.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(app.port()).setURI("/api/stream")
                        .putHeader("Authorization", "Bearer " + TestApp.OFFICER_KEY))
                .compose(req -> req.send()).map(resp -> {
                    assertThat(resp.getHeader("Content-Type")).startsWith("text/event-stream");
                    resp.handler(chunk -> stream.add(chunk.toString()));
                    return null;
                }));

        HttpResponse<Buffer> pushed = await(app.client().post("/api/notices").bearerTokenAuthentication(TestApp.ADMIN_KEY)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(Fixtures.cleaningNotice().encode())));
        assertThat(pushed.statusCode()).isEqualTo(202);
        String noticeId = pushed.bodyAsJsonObject().getJsonArray("notices").getJsonObject(0).getString("id");

        // the enterprise hears of each lot it is matched to, once; the first push failed (500) and was retried
        waitFor("the enterprise's webhooks, one retried", () -> at("/flaky").size() >= 2
                && at("/flaky").size() == at("/flaky").stream().map(r -> r.headers().get("webhook-id")).distinct().count() + 1);
        List<Received> flaky = at("/flaky");
        assertThat(flaky.stream().filter(r -> r.headers().get("webhook-id").equals(flaky.get(0).headers().get("webhook-id")))).hasSize(2);
        for (Received r : flaky) {
            assertThat(StandardWebhooks.verify(StandardWebhooks.key(enterpriseSecret), r.headers().get("webhook-id"),
                    Long.parseLong(r.headers().get("webhook-timestamp")), r.body().getBytes(), r.headers().get("webhook-signature"))).isTrue();
        }
        JsonObject payload = flaky.get(1).body().toJsonObject();
        assertThat(payload.getString("type")).isEqualTo("match");
        assertThat(payload.getJsonObject("match").getString("siret")).isEqualTo(siret);
        assertThat(payload.getJsonObject("match").getJsonObject("components")).isNotNull();
        assertThat(payload.getJsonObject("notice").getString("id")).isEqualTo(noticeId);

        waitFor("the saved query's alerts", () -> at("/network").size() >= 2);
        for (Received r : at("/network")) {
            JsonObject alert = r.body().toJsonObject();
            assertThat(alert.getString("type")).isEqualTo("lot");
            assertThat(alert.getJsonArray("why").getString(0)).contains("CPV");
        }
        waitFor("match events on the stream", () -> String.join("", stream).contains("event: match"));
        assertThat(String.join("", stream)).contains(noticeId);

        // the same notice fanned out again adds nothing: no delivery is ever repeated
        long deliveries = count();
        app.vertx().eventBus().publish(Topics.MATCHES_READY, new JsonObject().put("noticeId", noticeId));
        Thread.sleep(1500);
        assertThat(count()).isEqualTo(deliveries);
        assertThat(at("/flaky")).hasSize(flaky.size());
        assertThat(at("/network")).hasSize(2);
        assertThat(at("/printers")).isEmpty();
    }

    private static long count() {
        return await(app.main().services().database().pool().query("SELECT count(*) AS n FROM alert_delivery").execute())
                .iterator().next().getLong("n");
    }

    @Test
    void anEmptyOrNonObjectBodyIsAClientError() {
        HttpResponse<Buffer> empty = await(app.client().post("/api/subscriptions").bearerTokenAuthentication(TestApp.OFFICER_KEY)
                .putHeader("Content-Type", "application/json").send());
        assertThat(empty.statusCode()).isEqualTo(400);
        HttpResponse<Buffer> array = await(app.client().post("/api/subscriptions").bearerTokenAuthentication(TestApp.OFFICER_KEY)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("[1]")));
        assertThat(array.statusCode()).isEqualTo(422);
    }

    @Test
    void aSubscriptionIsValidatedFieldByField() {
        HttpResponse<Buffer> both = post("/api/subscriptions", new JsonObject().put("siret", "80746931700018")
                .put("query", new JsonObject().put("text", "x")).put("callbackUrl", callback("/x")));
        assertThat(both.statusCode()).isEqualTo(422);
        // the contract refuses the unknown field before the route is reached; the route then names its own rules
        HttpResponse<Buffer> unknown = post("/api/subscriptions", new JsonObject().put("siret", "12345678901234")
                .put("callbackUrl", "ftp://example.org/x").put("colour", "blue"));
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.bodyAsJsonObject().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
                .contains("colour");
        HttpResponse<Buffer> bad = post("/api/subscriptions", new JsonObject().put("siret", "12345678901234")
                .put("callbackUrl", "ftp://example.org/x"));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.bodyAsJsonObject().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
                .contains("siret", "callbackUrl");
        // the allowlist lets 127.0.0.1 through, nothing else local
        for (String url : List.of("http://localhost:9/hook", "http://10.0.0.1/hook", "http://169.254.169.254/latest/meta-data/",
                "http://[::1]:9/hook", "http://0x7f000002/hook", "http://user:pw@127.0.0.1:9/hook")) {
            HttpResponse<Buffer> refused = post("/api/subscriptions", new JsonObject().put("siret", "80746931700018").put("callbackUrl", url));
            assertThat(refused.statusCode()).as(url).isEqualTo(422);
            assertThat(refused.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("callbackUrl");
        }
        HttpResponse<Buffer> badQuery = post("/api/subscriptions", new JsonObject().put("callbackUrl", callback("/x"))
                .put("query", new JsonObject().put("size", 500)));
        assertThat(badQuery.statusCode()).isEqualTo(422);
        assertThat(badQuery.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("field")).startsWith("query.");
    }

    @Test
    void subscriptionsAreListedWithoutSecretsAndDeleted() {
        String id = post("/api/subscriptions", new JsonObject().put("siret", "80746931700018").put("callbackUrl", callback("/gone")))
                .bodyAsJsonObject().getString("id");
        JsonObject one = await(app.client().get("/api/subscriptions/" + id).bearerTokenAuthentication(TestApp.OFFICER_KEY).send()).bodyAsJsonObject();
        assertThat(one.getString("siret")).isEqualTo("80746931700018");
        assertThat(one.containsKey("secret")).isFalse();
        JsonObject list = await(app.client().get("/api/subscriptions").bearerTokenAuthentication(TestApp.OFFICER_KEY).send()).bodyAsJsonObject();
        assertThat(list.getLong("total")).isPositive();
        list.getJsonArray("items").forEach(s -> assertThat(((JsonObject) s).containsKey("secret")).isFalse());
        assertThat(await(app.client().delete("/api/subscriptions/" + id).bearerTokenAuthentication(TestApp.OFFICER_KEY).send()).statusCode()).isEqualTo(204);
        assertThat(await(app.client().get("/api/subscriptions/" + id).bearerTokenAuthentication(TestApp.OFFICER_KEY).send()).statusCode()).isEqualTo(404);
        assertThat(await(app.client().delete("/api/subscriptions/" + id).bearerTokenAuthentication(TestApp.OFFICER_KEY).send()).statusCode()).isEqualTo(404);
    }
}
