package fr.essor.http;

import fr.essor.testing.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static fr.essor.testing.TestApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of openapi.yaml × every role (admin, officer, supplier, no key) against the table below: no key on
 * /api → 401, a role not allowed → 403, otherwise neither (nor a 5xx). Bodies are empty: 401/403 come before
 * validation, so only the auth outcome is looked at. A new operation fails here until the table says who may call it.
 */
class RoleMatrixTest {
    private static final String NONE = "none";
    private static final Set<String> PUBLIC = Set.of("admin", "officer", "supplier", NONE);
    private static final Set<String> ADMIN = Set.of("admin");
    private static final Set<String> OFFICER = Set.of("admin", "officer");
    private static final Set<String> READERS = Set.of("admin", "officer", "supplier");

    /** Who may call each operation ("METHOD path" as openapi.yaml writes it). */
    private static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("GET /health/live", PUBLIC);
        ALLOWED.put("GET /health/ready", PUBLIC);
        ALLOWED.put("GET /metrics", PUBLIC);
        ALLOWED.put("GET /openapi.yaml", PUBLIC);
        ALLOWED.put("POST /api/enterprises/import", ADMIN);
        ALLOWED.put("GET /api/enterprises", OFFICER);
        ALLOWED.put("GET /api/enterprises/{siret}", OFFICER);
        ALLOWED.put("PUT /api/enterprises/{siret}", ADMIN);
        ALLOWED.put("DELETE /api/enterprises/{siret}", ADMIN);
        ALLOWED.put("POST /api/notices", ADMIN); // by Bearer key; a feed's push is signed instead
        ALLOWED.put("GET /api/notices", READERS);
        ALLOWED.put("GET /api/notices/{id}", READERS);
        ALLOWED.put("GET /api/notices/{id}/matches", READERS);
        ALLOWED.put("GET /api/notices/{id}/reservability", OFFICER);
        ALLOWED.put("POST /api/match", OFFICER);
        ALLOWED.put("POST /api/reservability", OFFICER);
        ALLOWED.put("POST /api/subscriptions", READERS);
        ALLOWED.put("GET /api/subscriptions", READERS);
        ALLOWED.put("GET /api/subscriptions/{id}", READERS);
        ALLOWED.put("DELETE /api/subscriptions/{id}", READERS);
        ALLOWED.put("GET /api/subscriptions/{id}/deliveries", READERS);
        ALLOWED.put("POST /api/subscriptions/{id}/ping", READERS);
        ALLOWED.put("POST /api/subscriptions/{id}/rotate-secret", READERS);
        ALLOWED.put("GET /api/stream", READERS);
        ALLOWED.put("POST /api/keys", ADMIN);
        ALLOWED.put("GET /api/keys", ADMIN);
        ALLOWED.put("DELETE /api/keys/{id}", ADMIN);
        ALLOWED.put("GET /api/reference/cpv", OFFICER);
        ALLOWED.put("GET /api/reference/places", OFFICER);
        ALLOWED.put("GET /api/me", READERS);
    }

    private static TestApp app;
    private static Map<String, String> keys;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() {
        app = TestApp.start();
        JsonObject made = await(app.client().post("/api/keys").bearerTokenAuthentication(TestApp.ADMIN_KEY)
                .sendJsonObject(new JsonObject().put("role", "supplier").put("label", "matrix")
                        .put("sirets", new JsonArray().add("73282932000074")))).bodyAsJsonObject();
        keys = new LinkedHashMap<>();
        keys.put("admin", TestApp.ADMIN_KEY);
        keys.put("officer", TestApp.OFFICER_KEY);
        keys.put("supplier", made.getString("key"));
        keys.put(NONE, null);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void everyOperationAnswersEveryRoleAsTheTableSays() throws Exception {
        Set<String> documented = new TreeSet<>();
        OpenApiContractTest.documented().forEach((path, methods) ->
                methods.forEach(m -> documented.add(m.toUpperCase() + " " + path)));
        assertThat(new TreeSet<>(ALLOWED.keySet())).as("operations in the table = operations in openapi.yaml")
                .isEqualTo(documented);

        List<String> wrong = new ArrayList<>();
        for (String operation : documented) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1);
            for (Map.Entry<String, String> role : keys.entrySet()) {
                int status = call(method, path, role.getValue());
                String expected = expected(path, role.getKey(), ALLOWED.get(operation));
                boolean ok = switch (expected) {
                    case "401" -> status == 401;
                    case "403" -> status == 403;
                    default -> status != 401 && status != 403 && status < 500;
                };
                if (!ok) {
                    wrong.add(operation + " as " + role.getKey() + ": " + status + ", expected " + expected);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static String expected(String path, String role, Set<String> allowed) {
        if (allowed.contains(role)) {
            return "allowed";
        }
        return NONE.equals(role) && path.startsWith("/api/") ? "401" : "403";
    }

    /** The status only: the body is never read (GET /api/stream never ends), the connection is dropped. */
    private static int call(String method, String path, String key) throws Exception {
        String uri = path.replace("{siret}", "73282932000074").replace("{id}", UUID.randomUUID().toString());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + uri))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        return response.statusCode();
    }
}
