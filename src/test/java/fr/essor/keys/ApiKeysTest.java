package fr.essor.keys;

import fr.essor.http.Authentication;
import fr.essor.http.Role;
import fr.essor.testing.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static fr.essor.testing.TestApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Keys made through the API: shown once, stored hashed, listed without secrets, refused within 1 s of revocation. */
class ApiKeysTest {
    private static final String SIRET = "73282932000074";
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
    void aNewKeyWorksIsListedWithoutSecretAndIsStoredHashed() {
        JsonObject made = create(new JsonObject().put("role", "officer").put("label", "buyer team"));
        String key = made.getString("key");
        assertThat(key).startsWith("essor_").hasSizeGreaterThanOrEqualTo(6 + 43).matches("essor_[A-Za-z0-9_-]+");
        assertThat(made.getString("role")).isEqualTo("officer");
        assertThat(made.getString("label")).isEqualTo("buyer team");
        assertThat(made.getJsonArray("sirets")).isEmpty();
        assertThat(made.getString("createdAt")).isNotBlank();
        assertThat(get("/api/notices", key).statusCode()).isEqualTo(200);
        assertThat(get("/api/keys", key).statusCode()).isEqualTo(403);

        HttpResponse<Buffer> list = get("/api/keys", TestApp.ADMIN_KEY);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.bodyAsString()).doesNotContain(key);
        JsonObject listed = list.bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
                .filter(k -> k.getString("id").equals(made.getString("id"))).findFirst().orElseThrow();
        assertThat(listed.containsKey("key")).isFalse();
        assertThat(listed.getString("label")).isEqualTo("buyer team");

        Row row = await(app.main().services().database().pool()
                .preparedQuery("SELECT row_to_json(k)::text AS text, key_hash FROM api_key k WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(made.getString("id"))))).iterator().next();
        assertThat(row.getString("text")).doesNotContain(key).doesNotContain(key.substring(6));
        assertThat(row.getBuffer("key_hash").getBytes()).isEqualTo(KeySecret.hash(key));
    }

    @Test
    void aRevokedKeyIsRefusedAtOnceAndAgainIsStill204ButAnUnknownIdIs404() {
        JsonObject made = create(new JsonObject().put("role", "admin").put("label", "temp"));
        String key = made.getString("key");
        assertThat(get("/api/keys", key).statusCode()).isEqualTo(200);
        assertThat(delete("/api/keys/" + made.getString("id")).statusCode()).isEqualTo(204);
        assertThat(refusedWithin(key, 1_000)).isTrue();
        assertThat(delete("/api/keys/" + made.getString("id")).statusCode()).isEqualTo(204);
        assertThat(delete("/api/keys/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        assertThat(delete("/api/keys/not-a-uuid").statusCode()).isEqualTo(404);
        JsonObject listed = get("/api/keys", TestApp.ADMIN_KEY).bodyAsJsonObject().getJsonArray("items").stream()
                .map(JsonObject.class::cast).filter(k -> k.getString("id").equals(made.getString("id"))).findFirst().orElseThrow();
        assertThat(listed.getString("revokedAt")).isNotNull();
    }

    /** As another node would: the row is revoked behind this node's back, and its reload catches up within 1 s. */
    @Test
    void aKeyRevokedElsewhereIsRefusedWithinOneSecond() {
        JsonObject made = create(new JsonObject().put("role", "officer").put("label", "other node"));
        String key = made.getString("key");
        assertThat(get("/api/notices", key).statusCode()).isEqualTo(200);
        await(app.main().services().database().pool().preparedQuery("UPDATE api_key SET revoked_at = now() WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(made.getString("id")))));
        assertThat(refusedWithin(key, 1_000)).isTrue();
    }

    @Test
    void aSupplierKeyCarriesItsSirets() {
        JsonObject made = create(new JsonObject().put("role", "supplier").put("label", "ESAT du Val")
                .put("sirets", new JsonArray().add(SIRET).add(SIRET)));
        assertThat(made.getJsonArray("sirets")).containsExactly(SIRET);
        Authentication.Caller caller = app.main().services().keyCache().find(made.getString("key"));
        assertThat(caller.role()).isEqualTo(Role.SUPPLIER);
        assertThat(caller.sirets()).containsExactly(SIRET);
        assertThat(caller.keyId()).isEqualTo("key:" + made.getString("id"));
        assertThat(get("/api/notices", made.getString("key")).statusCode()).isEqualTo(200);
        assertThat(get("/api/enterprises", made.getString("key")).statusCode()).isEqualTo(403);
    }

    @Test
    void badBodiesAre422NamingTheField() {
        assertFieldError(new JsonObject().put("label", "x"), "role");
        assertFieldError(new JsonObject().put("role", "root").put("label", "x"), "role");
        assertFieldError(new JsonObject().put("role", "officer"), "label");
        assertFieldError(new JsonObject().put("role", "officer").put("label", ""), "label");
        assertFieldError(new JsonObject().put("role", "officer").put("label", "x".repeat(201)), "label");
        assertFieldError(new JsonObject().put("role", "supplier").put("label", "x"), "sirets");
        assertFieldError(new JsonObject().put("role", "supplier").put("label", "x")
                .put("sirets", new JsonArray().add(SIRET).add("73282932000075")), "sirets[1]");
        assertFieldError(new JsonObject().put("role", "supplier").put("label", "x").put("sirets", SIRET), "sirets");
        assertFieldError(new JsonObject().put("role", "officer").put("label", "x").put("sirets", new JsonArray().add(SIRET)), "sirets");
        assertFieldError(new JsonObject().put("role", "officer").put("label", "x").put("key", "mine"), "key");
        assertThat(create(new JsonObject().put("role", "officer").put("label", "x".repeat(200))).getString("key")).isNotNull();
        HttpResponse<Buffer> notJson = await(app.client().post("/api/keys").bearerTokenAuthentication(TestApp.ADMIN_KEY)
                .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{")));
        assertThat(notJson.statusCode()).isEqualTo(400);
    }

    @Test
    void configuredKeysKeepWorking() {
        assertThat(get("/api/keys", TestApp.ADMIN_KEY).statusCode()).isEqualTo(200);
        assertThat(get("/api/notices", TestApp.OFFICER_KEY).statusCode()).isEqualTo(200);
        assertThat(get("/api/keys", TestApp.OFFICER_KEY).statusCode()).isEqualTo(403);
        assertThat(get("/api/notices", "essor_" + "A".repeat(43)).statusCode()).isEqualTo(401);
    }

    private static void assertFieldError(JsonObject body, String field) {
        HttpResponse<Buffer> r = post(body);
        assertThat(r.statusCode()).as(body.encode()).isEqualTo(422);
        assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
        List<String> fields = r.bodyAsJsonObject().getJsonArray("errors").stream()
                .map(e -> ((JsonObject) e).getString("field")).toList();
        assertThat(fields).as(body.encode()).contains(field);
    }

    private static boolean refusedWithin(String key, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        do {
            if (get("/api/notices", key).statusCode() == 401) {
                return true;
            }
            sleep(50);
        } while (System.nanoTime() < deadline);
        return false;
    }

    private static JsonObject create(JsonObject body) {
        HttpResponse<Buffer> r = post(body);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        return r.bodyAsJsonObject();
    }

    private static HttpResponse<Buffer> post(JsonObject body) {
        return await(app.client().post("/api/keys").bearerTokenAuthentication(TestApp.ADMIN_KEY).sendJsonObject(body));
    }

    private static HttpResponse<Buffer> get(String path, String key) {
        return await(app.client().get(path).bearerTokenAuthentication(key).send());
    }

    private static HttpResponse<Buffer> delete(String path) {
        return await(app.client().delete(path).bearerTokenAuthentication(TestApp.ADMIN_KEY).send());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
