package fr.essor.http;

import fr.essor.testing.Fixtures;
import fr.essor.testing.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static fr.essor.testing.TestApp.ADMIN_KEY;
import static fr.essor.testing.TestApp.OFFICER_KEY;
import static fr.essor.testing.TestApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real answers of the running service are what openapi.yaml says they are: for every operation driven here with
 * real data (a real slice of the registry, a real notice, real subscriptions and keys), the status is one the
 * operation documents and the body validates against that status's schema (problem+json errors against Problem),
 * with {@code io.vertx:vertx-openapi}'s {@link ResponseValidator}. Requests keep their hand-written validators: the
 * library is used here only.
 * <p>
 * vertx-openapi 5.0.7 refuses a contract naming media types it cannot validate (text/csv, application/x-ndjson,
 * application/xml, application/yaml, text/event-stream, application/problem+json), so the test hands the library the
 * copy the service validates requests with ({@link ContractValidation#runtimeDocument}), without those: problem+json answers are validated as JSON against the same
 * Problem schema, the others are left out. Not covered therefore: {@code GET /openapi.yaml} (the document itself),
 * {@code GET /api/stream} (server-sent events), the CSV answers of {@code Accept: text/csv}, and of
 * {@code GET /metrics} only the status and content type (the validator cannot read a text/plain body in 5.0.7:
 * "Instances of class BufferImpl are not supported"; the content type is asserted by hand).
 */
class ContractResponsesTest {
    private static TestApp app;
    private static HttpServer callbacks;
    private static ResponseValidator validator;
    private static JsonObject document;
    private static final List<String> callbacksReceived = new CopyOnWriteArrayList<>();
    private static final Set<String> covered = new TreeSet<>();

    @BeforeAll
    static void start() throws Exception {
        // the local callback receiver gets through the operator's allowlist, as in AlertsFlowTest
        app = TestApp.start(new JsonObject().put("alerts", new JsonObject()
                .put("webhooks", new JsonObject().put("firstRetryMillis", 200).put("pollMillis", 100)
                        .put("allowHttp", true).put("allowedHosts", new JsonArray().add("127.0.0.1")))));
        callbacks = await(app.vertx().createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
            callbacksReceived.add(req.path());
            req.response().setStatusCode(204).end();
        })).listen(0, "127.0.0.1"));
        app.importRegistry(Fixtures.IDF_REGISTRY, "lemarche");
        OpenAPIContract contract;
        try {
            document = ContractValidation.document();
            contract = await(OpenAPIContract.from(app.vertx(), ContractValidation.runtimeDocument(document.copy())));
        } catch (IllegalStateException e) {
            throw new AssertionError("openapi.yaml is not a valid OpenAPI 3.1 document: " + e.getCause().getMessage()
                    + (e.getCause().getCause() != null ? " " + e.getCause().getCause() : ""), e);
        }
        validator = ResponseValidator.create(app.vertx(), contract);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** What the validator says of one answer; an empty string when it agrees with the document. */
    static String disagreement(String operationId, HttpResponse<Buffer> response) {
        covered.add(operationId);
        Map<String, String> headers = new HashMap<>();
        response.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
        String type = response.getHeader("Content-Type");
        ValidatableResponse answer;
        if (type == null || response.body() == null || response.body().length() == 0) {
            answer = ValidatableResponse.create(response.statusCode(), headers);
        } else {
            String bare = type.split(";")[0].trim();
            answer = ValidatableResponse.create(response.statusCode(), headers, response.body(),
                    "application/problem+json".equals(bare) ? MediaType.APPLICATION_JSON : bare);
        }
        try {
            await(validator.validate(answer, operationId));
            List<String> undeclared = new ArrayList<>();
            JsonObject schema = responseSchema(operationId, response.statusCode());
            if (schema != null && response.body() != null && response.body().length() > 0) {
                undeclared(schema, Json.decodeValue(response.body()), "#", undeclared);
            }
            return undeclared.isEmpty() ? "" : operationId + " " + response.statusCode() + ": fields the schema does not declare "
                    + undeclared + "\n    body: " + abbreviate(response.bodyAsString());
        } catch (IllegalStateException e) {
            Throwable cause = e.getCause();
            StringBuilder why = new StringBuilder(operationId + " " + response.statusCode() + ": " + cause.getMessage());
            if (cause instanceof SchemaValidationException s && s.getOutputUnit() != null) {
                describe(s.getOutputUnit(), why);
            }
            return why.append("\n    body: ").append(abbreviate(response.bodyAsString())).toString();
        }
    }

    /** The JSON schema of one documented answer (problem+json included), from the document as written. */
    static JsonObject responseSchema(String operationId, int status) {
        JsonObject paths = document.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (item.getValue(method) instanceof JsonObject op && operationId.equals(op.getString("operationId"))) {
                    JsonObject response = resolve(op.getJsonObject("responses").getJsonObject(String.valueOf(status)));
                    JsonObject content = response == null ? null : response.getJsonObject("content");
                    if (content == null) {
                        return null;
                    }
                    JsonObject media = content.getJsonObject("application/json", content.getJsonObject("application/problem+json"));
                    return media == null ? null : media.getJsonObject("schema");
                }
            }
        }
        throw new AssertionError("no operation " + operationId);
    }

    private static JsonObject resolve(JsonObject schema) {
        while (schema != null && schema.containsKey("$ref")) {
            JsonObject at = document;
            for (String part : schema.getString("$ref").substring(2).split("/")) {
                at = at.getJsonObject(part);
            }
            schema = at;
        }
        return schema;
    }

    /** The properties a schema declares for an object, through allOf, oneOf and anyOf; null when it is open. */
    private static Map<String, List<JsonObject>> declared(JsonObject schema) {
        schema = resolve(schema);
        Map<String, List<JsonObject>> out = new HashMap<>();
        if (schema.containsKey("additionalProperties") || (!schema.containsKey("properties") && !schema.containsKey("allOf")
                && !schema.containsKey("oneOf") && !schema.containsKey("anyOf"))) {
            return null;
        }
        JsonObject properties = schema.getJsonObject("properties", new JsonObject());
        properties.fieldNames().forEach(name -> out.computeIfAbsent(name, k -> new ArrayList<>()).add(properties.getJsonObject(name)));
        for (String keyword : List.of("allOf", "oneOf", "anyOf")) {
            for (Object sub : schema.getJsonArray(keyword, new JsonArray())) {
                JsonObject resolved = resolve((JsonObject) sub);
                if (resolved.containsKey("type") && !String.valueOf(resolved.getValue("type")).contains("object")) {
                    continue;
                }
                if (List.of("properties", "additionalProperties", "allOf", "oneOf", "anyOf").stream().noneMatch(resolved::containsKey)) {
                    continue; // constraints only ({required: [...]}): declares nothing, opens nothing
                }
                Map<String, List<JsonObject>> more = declared(resolved);
                if (more == null) {
                    return null;
                }
                more.forEach((name, schemas) -> out.computeIfAbsent(name, k -> new ArrayList<>()).addAll(schemas));
            }
        }
        return out;
    }

    /** Fields of a real answer that the schema does not name (schemas are open, so the validator lets them pass). */
    static void undeclared(JsonObject schema, Object value, String at, List<String> out) {
        schema = resolve(schema);
        if (value instanceof JsonObject object) {
            Map<String, List<JsonObject>> declared = declared(schema);
            if (declared == null) {
                Object additional = schema.getValue("additionalProperties");
                if (additional instanceof JsonObject each) {
                    object.forEach(e -> undeclared(each, e.getValue(), at + "/" + e.getKey(), out));
                }
                return;
            }
            for (Map.Entry<String, Object> field : object) {
                List<JsonObject> schemas = declared.get(field.getKey());
                if (schemas == null) {
                    out.add(at + "/" + field.getKey());
                } else {
                    schemas.forEach(s -> undeclared(s, field.getValue(), at + "/" + field.getKey(), out));
                }
            }
        } else if (value instanceof JsonArray array) {
            JsonObject items = schema.getJsonObject("items");
            if (items != null) {
                for (int i = 0; i < array.size(); i++) {
                    undeclared(items, array.getValue(i), at + "/" + i, out);
                }
            }
        }
    }

    private static void describe(OutputUnit unit, StringBuilder why) {
        if (unit.getError() != null) {
            why.append("\n    at ").append(unit.getInstanceLocation()).append(" (").append(unit.getKeywordLocation()).append("): ")
                    .append(unit.getError());
        }
        if (unit.getErrors() != null) {
            unit.getErrors().forEach(u -> describe(u, why));
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 600 ? s.substring(0, 600) + "…" : s;
    }

    private static final class Checks {
        final List<String> failures = new ArrayList<>();

        HttpResponse<Buffer> check(String operationId, int expectedStatus, HttpResponse<Buffer> response) {
            if (response.statusCode() != expectedStatus) {
                failures.add(operationId + " answered " + response.statusCode() + ", not " + expectedStatus + ": " + abbreviate(response.bodyAsString()));
                return response;
            }
            String why = disagreement(operationId, response);
            if (!why.isEmpty()) {
                failures.add(why);
            }
            return response;
        }

        void verify() {
            assertThat(failures).as("answers that disagree with openapi.yaml").isEmpty();
        }
    }

    private static HttpRequest<Buffer> as(String key, HttpRequest<Buffer> request) {
        return key == null ? request : request.bearerTokenAuthentication(key);
    }

    private static HttpResponse<Buffer> get(String key, String uri) {
        return await(as(key, app.client().get(uri)).send());
    }

    private static HttpResponse<Buffer> delete(String key, String uri) {
        return await(as(key, app.client().delete(uri)).send());
    }

    private static HttpResponse<Buffer> send(String key, String method, String uri, String type, String body) {
        HttpRequest<Buffer> request = as(key, method.equals("PUT") ? app.client().put(uri) : app.client().post(uri));
        if (type != null) {
            request.putHeader("Content-Type", type);
        }
        return await(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
    }

    private static HttpResponse<Buffer> post(String key, String uri, JsonObject body) {
        return send(key, "POST", uri, "application/json", body == null ? null : body.encode());
    }

    private static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("waited 60 s for " + what);
    }

    private static String importRegistry(Checks c) throws Exception {
        HttpResponse<Buffer> imported = c.check("importEnterprises", 200, send(ADMIN_KEY, "POST", "/api/enterprises/import?format=lemarche",
                "text/csv", java.nio.file.Files.readString(Fixtures.IDF_REGISTRY)));
        var services = app.main().services();
        await(services.registryIndex().awaitChange(await(services.registry().store().lastChange())));
        return imported.bodyAsString();
    }

    @Test
    void theValidatorIsNotVacuous() {
        HttpResponse<Buffer> one = get(OFFICER_KEY, "/api/enterprises/75187049400026");
        assertThat(disagreement("getEnterprise", one)).isEmpty();
        Map<String, String> json = Map.of("Content-Type", "application/json");
        for (JsonObject wrong : List.of(one.bodyAsJsonObject().copy().putNull("name"),
                one.bodyAsJsonObject().copy().put("categories", new JsonArray().add("SIAE")),
                one.bodyAsJsonObject().copy().put("latitude", "north"))) {
            assertThat(await(validator.validate(ValidatableResponse.create(200, json, wrong.toBuffer(), MediaType.APPLICATION_JSON),
                    "getEnterprise").map(ok -> "valid").otherwise(e -> "refused"))).as(wrong.encode()).isEqualTo("refused");
        }
        List<String> extra = new ArrayList<>();
        undeclared(responseSchema("getEnterprise", 200), one.bodyAsJsonObject().copy().put("colour", "blue")
                .put("sources", new JsonObject().put("EI", new JsonObject().put("source", "x").put("since", "y"))), "#", extra);
        assertThat(extra).containsExactlyInAnyOrder("#/colour", "#/sources/EI/since");
        assertThat(await(validator.validate(ValidatableResponse.create(418, json, Buffer.buffer("{}"), MediaType.APPLICATION_JSON),
                "getEnterprise").map(ok -> "valid").otherwise(e -> "refused"))).isEqualTo("refused");
    }

    /** Every operation has one operationId, camelCase, unique: what the validator (and other tools) address it by. */
    @Test
    void everyOperationHasAnOperationId() {
        Set<String> ids = new TreeSet<>();
        JsonObject paths = document.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : List.of("get", "put", "post", "delete", "patch")) {
                JsonObject op = paths.getJsonObject(path).getJsonObject(method);
                if (op != null) {
                    String id = op.getString("operationId");
                    assertThat(id).as(method + " " + path).isNotNull().matches("[a-z][A-Za-z]+");
                    assertThat(ids.add(id)).as("operationId " + id + " is used twice").isTrue();
                }
            }
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo(27);
    }

    /** Without a key (or with a wrong one) every protected operation answers the documented 401 problem. */
    @Test
    void withoutAKey() {
        Checks c = new Checks();
        String some = "/00000000-0000-0000-0000-000000000000";
        JsonObject match = new JsonObject().put("text", "nettoyage");
        c.check("searchEnterprises", 401, get(null, "/api/enterprises"));
        c.check("getEnterprise", 401, get("wrong-key", "/api/enterprises/75187049400026"));
        c.check("putEnterprise", 401, send(null, "PUT", "/api/enterprises/75187049400026", "application/json", "{}"));
        c.check("deleteEnterprise", 401, delete(null, "/api/enterprises/75187049400026"));
        c.check("postNotices", 401, post(null, "/api/notices", new JsonObject()));
        c.check("searchNotices", 401, get(null, "/api/notices"));
        c.check("getNotice", 401, get(null, "/api/notices" + some));
        c.check("getNoticeMatches", 401, get(null, "/api/notices" + some + "/matches"));
        c.check("getNoticeReservability", 401, get(null, "/api/notices" + some + "/reservability"));
        c.check("matchAdHoc", 401, post(null, "/api/match", match));
        c.check("reservabilityAdHoc", 401, post(null, "/api/reservability", match));
        c.check("createSubscription", 401, post(null, "/api/subscriptions", new JsonObject()));
        c.check("listSubscriptions", 401, get(null, "/api/subscriptions"));
        c.check("getSubscription", 401, get(null, "/api/subscriptions" + some));
        c.check("deleteSubscription", 401, delete(null, "/api/subscriptions" + some));
        c.check("listDeliveries", 401, get(null, "/api/subscriptions" + some + "/deliveries"));
        c.check("pingSubscription", 401, post(null, "/api/subscriptions" + some + "/ping", null));
        c.check("rotateSubscriptionSecret", 401, post(null, "/api/subscriptions" + some + "/rotate-secret", null));
        c.check("createApiKey", 401, post(null, "/api/keys", new JsonObject()));
        c.check("listApiKeys", 401, get(null, "/api/keys"));
        c.check("revokeApiKey", 401, delete(null, "/api/keys" + some));
        // an officer's key where an admin's is needed
        c.check("createApiKey", 403, post(OFFICER_KEY, "/api/keys", new JsonObject()));
        c.check("listApiKeys", 403, get(OFFICER_KEY, "/api/keys"));
        c.check("revokeApiKey", 403, delete(OFFICER_KEY, "/api/keys" + some));
        c.check("deleteEnterprise", 403, delete(OFFICER_KEY, "/api/enterprises/75187049400026"));
        // a supplier's key where an officer's is needed
        String supplier = post(ADMIN_KEY, "/api/keys", new JsonObject().put("role", "supplier").put("label", "contract 403")
                .put("sirets", new JsonArray().add("75187049400026"))).bodyAsJsonObject().getString("key");
        c.check("matchAdHoc", 403, post(supplier, "/api/match", match));
        c.check("reservabilityAdHoc", 403, post(supplier, "/api/reservability", match));
        c.check("getNoticeReservability", 403, get(supplier, "/api/notices" + some + "/reservability"));
        c.check("searchEnterprises", 403, get(supplier, "/api/enterprises"));
        // wrong content types and bodies
        c.check("matchAdHoc", 415, send(OFFICER_KEY, "POST", "/api/match", "text/plain", match.encode()));
        c.check("reservabilityAdHoc", 415, send(OFFICER_KEY, "POST", "/api/reservability", "text/plain", match.encode()));
        c.check("createSubscription", 415, send(OFFICER_KEY, "POST", "/api/subscriptions", "text/plain", "{}"));
        c.check("createSubscription", 400, send(OFFICER_KEY, "POST", "/api/subscriptions", "application/json", "{\"siret\": "));
        c.check("createApiKey", 415, send(ADMIN_KEY, "POST", "/api/keys", "text/plain", "{}"));
        c.check("getSubscription", 404, get(OFFICER_KEY, "/api/subscriptions/not-a-uuid"));
        c.check("listSubscriptions", 400, get(OFFICER_KEY, "/api/subscriptions?size=101"));
        c.check("listApiKeys", 400, get(ADMIN_KEY, "/api/keys?size=101"));
        c.check("getNoticeMatches", 400, get(OFFICER_KEY, "/api/notices" + some + "/matches?size=101"));
        c.verify();
    }

    @Test
    void healthAndMetrics() {
        Checks c = new Checks();
        c.check("liveness", 200, get(null, "/health/live"));
        c.check("readiness", 200, get(null, "/health/ready"));
        HttpResponse<Buffer> metrics = c.check("metrics", 200, get(null, "/metrics"));
        assertThat(metrics.getHeader("Content-Type")).startsWith("text/plain");
        c.verify();
    }

    @Test
    void registry() throws Exception {
        Checks c = new Checks();
        importRegistry(c);
        // an essor CSV with an unknown column, a merged SIRET and a bad line: warnings and rejections filled in
        String csv = "siret,name,categories,postcode,city,colour\n"
                + "80746931700018,BALUCHON,EI,93230,Romainville,blue\n"
                + "80746931700018,BALUCHON,ESUS,93230,Romainville,blue\n"
                + "1234,BAD,EI,93100,Montreuil,red\n";
        c.check("importEnterprises", 200, send(ADMIN_KEY, "POST", "/api/enterprises/import", "text/csv", csv));
        c.check("importEnterprises", 422, send(ADMIN_KEY, "POST", "/api/enterprises/import", "text/csv", "name,city\nX,Paris\n"));
        c.check("importEnterprises", 403, send(OFFICER_KEY, "POST", "/api/enterprises/import", "text/csv", csv));
        c.check("importEnterprises", 401, send(null, "POST", "/api/enterprises/import", "text/csv", csv));

        c.check("searchEnterprises", 200, get(OFFICER_KEY, "/api/enterprises?size=50"));
        c.check("searchEnterprises", 200, get(OFFICER_KEY, "/api/enterprises?q=nettoyage&near=48.86,2.44&radiusKm=20&category=ACI&category=EI"));
        c.check("searchEnterprises", 400, get(OFFICER_KEY, "/api/enterprises?radiusKm=10"));
        c.check("searchEnterprises", 400, get(OFFICER_KEY, "/api/enterprises?size=101"));

        c.check("getEnterprise", 200, get(OFFICER_KEY, "/api/enterprises/75187049400026"));
        c.check("getEnterprise", 404, get(OFFICER_KEY, "/api/enterprises/44306184100047"));
        c.check("getEnterprise", 400, get(OFFICER_KEY, "/api/enterprises/1234"));

        JsonObject body = new JsonObject().put("name", "ATELIER CONTRAT").put("categories", new JsonArray().add("ACI").add("ASSOCIATION"))
                .put("legalForm", "Association").put("naf", "8899B").put("description", "Recyclerie : collecte, tri et revente")
                .put("cpv", new JsonArray().add("90500000-2")).put("address", "18 Rue Saint Antoine").put("postcode", "93100")
                .put("city", "Montreuil").put("radiusKm", 30).put("departments", new JsonArray().add("93")).put("employees", 12)
                .put("website", "https://example.org").put("contact", new JsonObject().put("email", "contact@example.org"))
                .put("esusUntil", "2030-01-01");
        String siret = "/api/enterprises/44306184100047";
        c.check("putEnterprise", 201, send(ADMIN_KEY, "PUT", siret, "application/json", body.encode()));
        c.check("putEnterprise", 200, send(ADMIN_KEY, "PUT", siret, "application/json", body.put("employees", 15).encode()));
        c.check("putEnterprise", 200, send(ADMIN_KEY, "PUT", siret, "application/json",
                new JsonObject().put("name", "ATELIER CONTRAT").put("categories", new JsonArray().add("ASSOCIATION")).encode()));
        c.check("putEnterprise", 422, send(ADMIN_KEY, "PUT", siret, "application/json", body.copy().put("categories", new JsonArray().add("SIAE")).encode()));
        c.check("putEnterprise", 400, send(ADMIN_KEY, "PUT", siret, "application/json", "{\"name\": "));
        c.check("putEnterprise", 415, send(ADMIN_KEY, "PUT", siret, "text/plain", body.encode()));
        c.check("putEnterprise", 403, send(OFFICER_KEY, "PUT", siret, "application/json", body.encode()));
        c.check("getEnterprise", 200, get(OFFICER_KEY, siret));
        c.check("deleteEnterprise", 204, delete(ADMIN_KEY, siret));
        c.check("deleteEnterprise", 404, delete(ADMIN_KEY, siret));
        c.check("getEnterprise", 404, get(OFFICER_KEY, siret));
        c.verify();
    }

    @Test
    void noticesAndMatching() throws Exception {
        Checks c = new Checks();
        JsonObject notice = Fixtures.cleaningNotice().put("sourceId", "essor-contract-test");
        HttpResponse<Buffer> pushed = c.check("postNotices", 202, post(ADMIN_KEY, "/api/notices", notice));
        String id = pushed.bodyAsJsonObject().getJsonArray("notices").getJsonObject(0).getString("id");
        c.check("postNotices", 200, post(ADMIN_KEY, "/api/notices", notice));
        c.check("postNotices", 422, post(ADMIN_KEY, "/api/notices", new JsonObject().put("sourceId", "x").put("lots", "none")));
        c.check("postNotices", 400, send(ADMIN_KEY, "POST", "/api/notices", "application/json", "{\"sourceId\": "));
        c.check("postNotices", 403, post(OFFICER_KEY, "/api/notices", notice));
        c.check("postNotices", 415, send(ADMIN_KEY, "POST", "/api/notices", "text/plain", notice.encode()));

        c.check("searchNotices", 200, get(OFFICER_KEY, "/api/notices"));
        c.check("searchNotices", 200, get(OFFICER_KEY, "/api/notices?q=nettoyage&cpv=90910000&reservation=integration&department=93&deadlineAfter=2020-01-01"));
        c.check("searchNotices", 400, get(OFFICER_KEY, "/api/notices?size=101"));
        c.check("searchNotices", 200, get(OFFICER_KEY, "/api/notices?deadlineBefore=2100-01-01&reserved=true"));
        c.check("searchNotices", 400, get(OFFICER_KEY, "/api/notices?deadlineBefore=soon"));
        c.check("getNotice", 200, get(OFFICER_KEY, "/api/notices/" + id));
        c.check("getNotice", 404, get(OFFICER_KEY, "/api/notices/00000000-0000-0000-0000-000000000000"));

        waitFor("the notice's matches", () -> "done".equals(get(OFFICER_KEY, "/api/notices/" + id + "/matches").bodyAsJsonObject().getString("status")));
        c.check("getNoticeMatches", 200, get(OFFICER_KEY, "/api/notices/" + id + "/matches?size=100"));
        c.check("getNoticeMatches", 200, get(OFFICER_KEY, "/api/notices/" + id + "/matches?lot=LOT-0002&size=3&page=1"));
        c.check("getNoticeMatches", 404, get(OFFICER_KEY, "/api/notices/00000000-0000-0000-0000-000000000000/matches"));
        c.check("getNoticeReservability", 200, get(OFFICER_KEY, "/api/notices/" + id + "/reservability"));
        c.check("getNoticeReservability", 404, get(OFFICER_KEY, "/api/notices/00000000-0000-0000-0000-000000000000/reservability"));

        JsonObject query = new JsonObject().put("text", "nettoyage de bureaux").put("cpv", new JsonArray().add("90910000"))
                .put("place", new JsonObject().put("postcode", "75011")).put("size", 100);
        c.check("matchAdHoc", 200, post(OFFICER_KEY, "/api/match", query));
        c.check("matchAdHoc", 200, post(OFFICER_KEY, "/api/match", new JsonObject().put("text", "restauration collective")
                .put("reservation", "sheltered").put("estimatedValue", 2_000_000).put("durationMonths", 48)
                .put("contractNature", "services").put("buyerKind", "central").put("size", 100)));
        c.check("matchAdHoc", 422, post(OFFICER_KEY, "/api/match", query.copy().put("size", 101)));
        c.check("matchAdHoc", 200, post(OFFICER_KEY, "/api/match", query.copy().put("place", new JsonObject().put("insee", "93048"))));
        c.check("matchAdHoc", 422, post(OFFICER_KEY, "/api/match", query.copy().put("place", new JsonObject().put("insee", "93999"))));
        c.check("matchAdHoc", 400, send(OFFICER_KEY, "POST", "/api/match", "application/json", "{\"text\": "));
        c.check("reservabilityAdHoc", 200, post(OFFICER_KEY, "/api/reservability", query));
        c.check("reservabilityAdHoc", 200, post(OFFICER_KEY, "/api/reservability", new JsonObject().put("cpv", new JsonArray().add("85311000"))));
        c.check("reservabilityAdHoc", 200, post(OFFICER_KEY, "/api/reservability", new JsonObject().put("cpv", new JsonArray().add("85311000"))
                .put("place", new JsonObject().put("postcode", "93100")).put("durationMonths", 24)));
        c.check("reservabilityAdHoc", 422, post(OFFICER_KEY, "/api/reservability", new JsonObject().put("colour", "blue")));
        c.verify();
    }

    @Test
    void subscriptions() throws Exception {
        Checks c = new Checks();
        String callback = "http://127.0.0.1:" + callbacks.actualPort() + "/contract";
        HttpResponse<Buffer> bySiret = c.check("createSubscription", 201, post(OFFICER_KEY, "/api/subscriptions",
                new JsonObject().put("siret", "75187049400026").put("callbackUrl", callback)));
        String id = bySiret.bodyAsJsonObject().getString("id");
        c.check("createSubscription", 201, post(OFFICER_KEY, "/api/subscriptions", new JsonObject().put("callbackUrl", callback)
                .put("query", new JsonObject().put("cpv", new JsonArray().add("90911000")).put("place", new JsonObject().put("postcode", "75011")))));
        c.check("createSubscription", 422, post(OFFICER_KEY, "/api/subscriptions",
                new JsonObject().put("siret", "75187049400026").put("callbackUrl", "https://localhost/x")));
        c.check("listSubscriptions", 200, get(OFFICER_KEY, "/api/subscriptions"));
        c.check("listSubscriptions", 200, get(ADMIN_KEY, "/api/subscriptions?page=0&size=1"));
        c.check("getSubscription", 200, get(OFFICER_KEY, "/api/subscriptions/" + id));
        c.check("getSubscription", 404, get(OFFICER_KEY, "/api/subscriptions/00000000-0000-0000-0000-000000000000"));
        c.check("listDeliveries", 200, get(OFFICER_KEY, "/api/subscriptions/" + id + "/deliveries"));
        c.check("pingSubscription", 202, post(OFFICER_KEY, "/api/subscriptions/" + id + "/ping", null));
        c.check("pingSubscription", 404, post(OFFICER_KEY, "/api/subscriptions/00000000-0000-0000-0000-000000000000/ping", null));
        c.check("listDeliveries", 200, get(OFFICER_KEY, "/api/subscriptions/" + id + "/deliveries"));
        waitFor("the ping", () -> callbacksReceived.contains("/contract"));
        waitFor("the ping delivered", () -> get(OFFICER_KEY, "/api/subscriptions/" + id + "/deliveries").bodyAsString().contains("\"delivered\""));
        c.check("listDeliveries", 200, get(OFFICER_KEY, "/api/subscriptions/" + id + "/deliveries?size=5"));
        c.check("listDeliveries", 400, get(OFFICER_KEY, "/api/subscriptions/" + id + "/deliveries?size=0"));
        c.check("listDeliveries", 404, get(OFFICER_KEY, "/api/subscriptions/00000000-0000-0000-0000-000000000000/deliveries"));
        c.check("rotateSubscriptionSecret", 200, post(OFFICER_KEY, "/api/subscriptions/" + id + "/rotate-secret", null));
        c.check("rotateSubscriptionSecret", 404, post(OFFICER_KEY, "/api/subscriptions/00000000-0000-0000-0000-000000000000/rotate-secret", null));
        c.check("deleteSubscription", 204, delete(OFFICER_KEY, "/api/subscriptions/" + id));
        c.check("deleteSubscription", 404, delete(OFFICER_KEY, "/api/subscriptions/" + id));
        c.check("getSubscription", 404, get(OFFICER_KEY, "/api/subscriptions/" + id));
        c.verify();
    }

    @Test
    void reference() {
        Checks c = new Checks();
        c.check("searchCpvCodes", 200, get(OFFICER_KEY, "/api/reference/cpv?q=espaces%20verts"));
        c.check("searchCpvCodes", 200, get(ADMIN_KEY, "/api/reference/cpv?q=77310000-6&limit=5"));
        c.check("searchCpvCodes", 400, get(OFFICER_KEY, "/api/reference/cpv?q=%20"));
        c.check("searchCpvCodes", 400, get(OFFICER_KEY, "/api/reference/cpv?q=nettoyage&limit=101"));
        c.check("searchPlaces", 200, get(OFFICER_KEY, "/api/reference/places?q=montreuil"));
        c.check("searchPlaces", 200, get(OFFICER_KEY, "/api/reference/places?q=93100"));
        c.check("searchPlaces", 400, get(OFFICER_KEY, "/api/reference/places"));
        c.check("searchPlaces", 401, get(null, "/api/reference/places?q=paris"));
        c.verify();
    }

    @Test
    void keys() {
        Checks c = new Checks();
        HttpResponse<Buffer> made = c.check("createApiKey", 201, post(ADMIN_KEY, "/api/keys", new JsonObject().put("role", "supplier")
                .put("label", "contract supplier").put("sirets", new JsonArray().add("75187049400026"))));
        c.check("createApiKey", 201, post(ADMIN_KEY, "/api/keys", new JsonObject().put("role", "officer").put("label", "contract officer")));
        c.check("createApiKey", 422, post(ADMIN_KEY, "/api/keys", new JsonObject().put("role", "supplier").put("label", "no siret")));
        c.check("createApiKey", 400, send(ADMIN_KEY, "POST", "/api/keys", "application/json", "{\"role\": "));
        String id = made.bodyAsJsonObject().getString("id");
        c.check("listApiKeys", 200, get(ADMIN_KEY, "/api/keys"));
        c.check("revokeApiKey", 204, delete(ADMIN_KEY, "/api/keys/" + id));
        c.check("revokeApiKey", 404, delete(ADMIN_KEY, "/api/keys/00000000-0000-0000-0000-000000000000"));
        c.check("listApiKeys", 200, get(ADMIN_KEY, "/api/keys?page=0&size=10"));
        c.verify();
    }
}
