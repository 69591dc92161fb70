package fr.essor.http;

import fr.essor.testing.Fixtures;
import fr.essor.testing.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static fr.essor.testing.TestApp.ADMIN_KEY;
import static fr.essor.testing.TestApp.OFFICER_KEY;
import static fr.essor.testing.TestApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests are checked against openapi.yaml at the edge (issue 10, {@link ContractValidation}): a request the contract
 * refuses gets problem+json naming the field (422 for a body field, 400 for a parameter), after the role check; a
 * valid request still goes through to the route's own validators (rules a schema cannot say); a refused one reaches no
 * route ({@link #whatTheContractRefusesReachesNoRoute}).
 */
class ContractRequestsTest {
    private static final String CONTRACT = "openapi.yaml";
    private static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.start();
        app.importRegistry(Fixtures.IDF_REGISTRY, "lemarche");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aBodyFieldOfTheWrongTypeIs422NamingIt() {
        assertRefused(post(OFFICER_KEY, "/api/match", new JsonObject().put("text", 42)), 422, "text");
        assertRefused(post(OFFICER_KEY, "/api/reservability", new JsonObject().put("text", "nettoyage")
                .put("weights", new JsonObject().put("text", "high"))), 422, "weights.text");
        assertRefused(post(OFFICER_KEY, "/api/subscriptions", new JsonObject()
                .put("query", new JsonObject().put("text", "nettoyage").put("lightRegime", "yes"))
                .put("callbackUrl", "https://example.org/hook")), 422, "query.lightRegime");
        assertRefused(post(ADMIN_KEY, "/api/keys", new JsonObject().put("role", "officer").put("label", "x")
                .put("sirets", new JsonArray().add("not a siret"))), 422, "sirets[0]");
        JsonObject enterprise = await(as(OFFICER_KEY, app.client().get("/api/enterprises/75187049400026")).send()).bodyAsJsonObject();
        assertRefused(send(ADMIN_KEY, "PUT", "/api/enterprises/75187049400026", enterprise.copy().put("latitude", "north")),
                422, "latitude");
    }

    @Test
    void anUnknownBodyFieldIs422NamingIt() {
        assertRefused(post(ADMIN_KEY, "/api/keys", new JsonObject().put("role", "officer").put("label", "x")
                .put("colour", "blue")), 422, "colour");
        assertRefused(post(OFFICER_KEY, "/api/match", new JsonObject().put("text", "nettoyage").put("reservaton", "sheltered")),
                422, "reservaton");
        assertRefused(post(OFFICER_KEY, "/api/subscriptions", new JsonObject().put("siret", "75187049400026")
                .put("callbackUrl", "https://example.org/hook").put("secret", "mine")), 422, "secret");
    }

    @Test
    void aParameterOfTheWrongTypeIs400NamingIt() {
        assertRefused(get(OFFICER_KEY, "/api/enterprises?q=nettoyage&size=ten"), 400, "size");
        assertRefused(get(OFFICER_KEY, "/api/enterprises?radiusKm=far&near=48.85,2.35"), 400, "radiusKm");
        assertRefused(get(OFFICER_KEY, "/api/notices?includeSuperseded=maybe"), 400, "includeSuperseded");
        assertRefused(get(OFFICER_KEY, "/api/subscriptions?page=first"), 400, "page");
        assertRefused(get(OFFICER_KEY, "/api/enterprises/123"), 400, "siret");
    }

    @Test
    void whatTheContractRefusesReachesNoRoute() {
        // the route alone would serve a search of 1,001 characters; the contract says 1,000 at most and is the gate
        HttpResponse<Buffer> longQuery = get(OFFICER_KEY, "/api/notices?q=" + "a".repeat(1001));
        assertRefused(longQuery, 400, "q");
        assertThat(longQuery.bodyAsJsonObject().getString("detail")).contains("openapi.yaml");
        assertThat(get(OFFICER_KEY, "/api/notices?q=" + "a".repeat(1000)).statusCode()).isEqualTo(200);
        // a refused write stores nothing: the key list is as it was
        int keys = get(ADMIN_KEY, "/api/keys").bodyAsJsonObject().getInteger("total");
        assertRefused(post(ADMIN_KEY, "/api/keys", new JsonObject().put("role", "officer").put("label", "gate")
                .put("expires", "never")), 422, "expires");
        assertThat(get(ADMIN_KEY, "/api/keys").bodyAsJsonObject().getInteger("total")).isEqualTo(keys);
    }

    @Test
    void theRoleIsCheckedBeforeTheContract() {
        // an officer's key on an admin operation: 403, whatever the body
        assertThat(post(OFFICER_KEY, "/api/keys", new JsonObject().put("colour", "blue")).statusCode()).isEqualTo(403);
        assertThat(await(app.client().get("/api/enterprises?size=ten").send()).statusCode()).isEqualTo(401);
    }

    @Test
    void validRequestsStillSucceed() {
        assertThat(post(OFFICER_KEY, "/api/match", new JsonObject().put("text", "nettoyage")
                .put("place", new JsonObject().put("postcode", "93200").put("city", "Saint-Denis"))
                .put("estimatedValue", new JsonObject().put("amount", 100000).put("currency", "EUR"))
                .put("size", 5)).statusCode()).isEqualTo(200);
        assertThat(post(OFFICER_KEY, "/api/match", new JsonObject().put("cpv", "90910000")
                .put("place", new JsonObject().put("nuts", new JsonArray().add("FR106"))).putNull("reservation"))
                .statusCode()).isEqualTo(200);
        HttpResponse<Buffer> key = post(ADMIN_KEY, "/api/keys", new JsonObject().put("role", "officer").put("label", "contract")
                .putNull("sirets"));
        assertThat(key.statusCode()).as(key.bodyAsString()).isEqualTo(201);
        HttpResponse<Buffer> search = get(OFFICER_KEY, "/api/enterprises?q=nettoyage&category=ACI&category=EI,ESAT&size=5");
        assertThat(search.statusCode()).as(search.bodyAsString()).isEqualTo(200);
        HttpResponse<Buffer> notices = get(OFFICER_KEY,
                "/api/notices?reservation=sheltered&reservation=integration&cpv=90910000&deadlineAfter=2020-01-01T00:00:00Z");
        assertThat(notices.statusCode()).as(notices.bodyAsString()).isEqualTo(200);
        JsonObject enterprise = await(as(OFFICER_KEY, app.client().get("/api/enterprises/75187049400026")).send()).bodyAsJsonObject();
        HttpResponse<Buffer> put = send(ADMIN_KEY, "PUT", "/api/enterprises/75187049400026", withoutSiret(enterprise));
        assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(200);
        // an id that is not a UUID is still no resource (404), as documented
        assertThat(get(OFFICER_KEY, "/api/notices/not-a-uuid").statusCode()).isEqualTo(404);
    }

    @Test
    void theRoutesKeepTheirOwnAnswersForWhatTheContractLetsThrough() {
        // unparsable JSON, a body that is not an object, a wrong content type: the routes answer as before
        HttpResponse<Buffer> unparsable = sendRaw(OFFICER_KEY, "/api/match", "application/json", "{text");
        assertThat(unparsable.statusCode()).isEqualTo(400);
        HttpResponse<Buffer> array = sendRaw(OFFICER_KEY, "/api/match", "application/json", "[1]");
        assertThat(array.statusCode()).isEqualTo(422);
        assertThat(array.bodyAsJsonObject().getString("detail")).doesNotContain(CONTRACT);
        assertThat(sendRaw(OFFICER_KEY, "/api/match", "text/plain", "{\"text\": 42}").statusCode()).isEqualTo(415);
        // valid for the contract, refused by the route's own rule (text or cpv)
        HttpResponse<Buffer> neither = post(OFFICER_KEY, "/api/match", new JsonObject().put("size", 5));
        assertThat(neither.statusCode()).isEqualTo(422);
        assertThat(neither.bodyAsJsonObject().getString("detail")).doesNotContain(CONTRACT);
    }

    /** What the contract alone says of a request, as the edge would answer it (the route's merge aside). */
    private static List<String> contractFields(ContractValidation cv, String operationId, Map<String, String> query, JsonObject body) {
        Map<String, RequestParameter> params = new HashMap<>();
        query.forEach((k, v) -> params.put(k, new RequestParameterImpl(v)));
        ValidatableRequest request = new ValidatableRequestImpl(Map.of(), Map.of(), Map.of(), params,
                body == null ? null : new RequestParameterImpl(body.toBuffer()), body == null ? null : "application/json");
        Throwable failure = await(cv.requestValidator().validate(request, operationId).map(ok -> (Throwable) null).otherwise(e -> e));
        if (failure == null) {
            return List.of();
        }
        ProblemException problem = (ProblemException) ContractValidation.problem(cv.contract().operation(operationId), failure);
        return problem.errors().stream().map(e -> problem.status() + " " + e.field()).toList();
    }

    @Test
    void theContractAloneNamesTheField() {
        ContractValidation cv = await(ContractValidation.load(app.vertx(), new BodyLimit(1 << 20, 1 << 24, 1 << 28)));
        assertThat(contractFields(cv, "matchAdHoc", Map.of(), new JsonObject().put("text", 42).put("colour", "blue")))
                .containsExactlyInAnyOrder("422 text", "422 colour");
        assertThat(contractFields(cv, "matchAdHoc", Map.of(), new JsonObject().put("text", "x")
                .put("place", new JsonObject().put("lat", "north").put("lon", 2)))).containsExactly("422 place.lat");
        assertThat(contractFields(cv, "matchAdHoc", Map.of(), new JsonObject().put("text", "x")
                .put("weights", new JsonObject().put("text", "high")))).containsExactly("422 weights.text");
        assertThat(contractFields(cv, "createApiKey", Map.of(), new JsonObject().put("role", "officer").put("label", "x")
                .put("sirets", new JsonArray().add("1")))).containsExactly("422 sirets[0]");
        assertThat(contractFields(cv, "createApiKey", Map.of(), new JsonObject().put("role", "officer"))).containsExactly("422 label");
        assertThat(contractFields(cv, "createSubscription", Map.of(), new JsonObject().put("query",
                new JsonObject().put("text", "x").put("lightRegime", "yes")).put("callbackUrl", "https://example.org/h")))
                .containsExactly("422 query.lightRegime");
        assertThat(contractFields(cv, "searchEnterprises", Map.of("size", "ten"), null)).containsExactly("400 size");
        assertThat(contractFields(cv, "searchNotices", Map.of("includeSuperseded", "maybe"), null)).containsExactly("400 includeSuperseded");
        // what the service takes, the contract takes
        assertThat(contractFields(cv, "createSubscription", Map.of(), new JsonObject().putNull("query").put("siret", "75187049400026")
                .put("callbackUrl", "https://example.org/h"))).isEmpty();
        assertThat(contractFields(cv, "matchAdHoc", Map.of(), new JsonObject().put("cpv", "90910000").putNull("reservation")
                .put("place", new JsonObject().put("postcode", "93200").put("lat", 48.9).put("lon", 2.3))
                .put("estimatedValue", new JsonObject().put("amount", 1000)))).isEmpty();
        assertThat(contractFields(cv, "searchNotices", Map.of("deadlineAfter", "2026-01-01T00:00:00Z"), null)).isEmpty();
    }

    @Test
    void pointersAreWrittenAsFieldNames() {
        assertThat(ContractValidation.field("/place/postcode")).isEqualTo("place.postcode");
        assertThat(ContractValidation.field("#/sirets/1")).isEqualTo("sirets[1]");
        assertThat(ContractValidation.field("/weights/a~1b")).isEqualTo("weights.a/b");
        assertThat(ContractValidation.field("")).isEmpty();
    }

    /** The body's siret may be left out (DESIGN.md section 5; the contract's EnterpriseInput). */
    private static JsonObject withoutSiret(JsonObject enterprise) {
        JsonObject copy = enterprise.copy();
        copy.remove("siret");
        return copy;
    }

    private static void assertRefused(HttpResponse<Buffer> response, int status, String field) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        assertThat(response.getHeader("Content-Type")).startsWith(Problems.CONTENT_TYPE);
        JsonObject problem = response.bodyAsJsonObject();
        List<String> fields = problem.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).toList();
        assertThat(fields).as(problem.encode()).contains(field).doesNotContain("");
    }

    private static HttpRequest<Buffer> as(String key, HttpRequest<Buffer> request) {
        return request.putHeader("Authorization", "Bearer " + key);
    }

    private static HttpResponse<Buffer> get(String key, String uri) {
        return await(as(key, app.client().get(uri)).send());
    }

    private static HttpResponse<Buffer> post(String key, String uri, JsonObject body) {
        return send(key, "POST", uri, body);
    }

    private static HttpResponse<Buffer> send(String key, String method, String uri, JsonObject body) {
        HttpRequest<Buffer> request = as(key, method.equals("PUT") ? app.client().put(uri) : app.client().post(uri));
        return await(request.putHeader("Content-Type", "application/json").sendBuffer(body.toBuffer()));
    }

    private static HttpResponse<Buffer> sendRaw(String key, String uri, String type, String body) {
        return await(as(key, app.client().post(uri)).putHeader("Content-Type", type).sendBuffer(Buffer.buffer(body)));
    }
}
