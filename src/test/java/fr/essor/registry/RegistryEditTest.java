package fr.essor.registry;

import fr.essor.testing.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static fr.essor.registry.RegistryFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** One enterprise at a time, mixed files, the ESS digital-sector file, and what a client may get wrong. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryEditTest {
    private static final String ADMIN = TestApp.ADMIN_KEY;
    private static final String OFFICER = TestApp.OFFICER_KEY;
    private TestApp app;

    @BeforeAll
    void start() {
        app = TestApp.start();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    private HttpResponse<Buffer> put(String siret, JsonObject body, String key) {
        return await(app.client().put("/api/enterprises/" + siret).putHeader("Authorization", "Bearer " + key)
                .putHeader("Content-Type", "application/json").sendBuffer(body.toBuffer()));
    }

    private HttpResponse<Buffer> delete(String siret, String key) {
        return await(app.client().delete("/api/enterprises/" + siret).putHeader("Authorization", "Bearer " + key).send());
    }

    private static JsonObject laCollecterie() {
        return new JsonObject()
                .put("name", "LA COLLECTERIE")
                .put("categories", new JsonArray().add("ACI"))
                .put("naf", "8899B")
                .put("description", "Recyclerie : collecte, tri et revente d'objets")
                .put("cpv", new JsonArray().add("90500000-2"))
                .put("address", "18 Rue Saint Antoine")
                .put("postcode", "93100")
                .put("city", "Montreuil")
                .put("radiusKm", 30)
                .put("contact", new JsonObject().put("email", "contact@lacollecterie.org"));
    }

    @Test
    void putCreatesThenUpdatesGetReadsDeleteRemoves() {
        String siret = "75187049400026";
        HttpResponse<Buffer> created = put(siret, laCollecterie(), ADMIN);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.getHeader("Location")).isEqualTo("/api/enterprises/" + siret);
        JsonObject body = created.bodyAsJsonObject();
        assertThat(body.getString("siret")).isEqualTo(siret);
        assertThat(body.getJsonArray("categories").getList()).containsExactly("ACI", "ESUS");
        assertThat(body.getString("naf")).isEqualTo("88.99B");
        assertThat(body.getJsonArray("cpv").getList()).containsExactly("90500000");
        assertThat(body.getString("commune")).isEqualTo("93048"); // Montreuil, geocoded from the postcode
        assertThat(body.getDouble("latitude")).isNotNull();
        assertThat(body.getJsonObject("sources").getJsonObject("ACI").getString("source")).isEqualTo("essor");
        assertThat(body.remove("searchable")).isEqualTo(true); // a PUT's answer says it is searchable; GET does not

        HttpResponse<Buffer> got = get(app, "/api/enterprises/" + siret, OFFICER);
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.bodyAsJsonObject()).isEqualTo(body);

        // the same record again: 200, and nothing new to follow
        long seq = lastChange(app);
        assertThat(put(siret, laCollecterie(), ADMIN).statusCode()).isEqualTo(200);
        assertThat(lastChange(app)).isEqualTo(seq);
        // what GET answers may be PUT back as it is
        assertThat(put(siret, got.bodyAsJsonObject(), ADMIN).statusCode()).isEqualTo(200);
        assertThat(lastChange(app)).isEqualTo(seq);

        // an update replaces the given fields: categories too (the derived ESUS goes with the ACI)
        HttpResponse<Buffer> updated = put(siret, laCollecterie().put("categories", new JsonArray().add("ASSOCIATION")), ADMIN);
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(updated.bodyAsJsonObject().getJsonArray("categories").getList()).containsExactly("ASSOCIATION");
        assertThat(lastChange(app)).isGreaterThan(seq);

        awaitIndex(app);
        JsonObject found = get(app, "/api/enterprises?q=recyclerie", OFFICER).bodyAsJsonObject();
        assertThat(found.getLong("total")).isEqualTo(1);
        assertThat(found.getJsonArray("items").getJsonObject(0).getString("siret")).isEqualTo(siret);
        assertThat(found.getJsonArray("items").getJsonObject(0).getDouble("score")).isPositive();

        assertThat(delete(siret, OFFICER).statusCode()).isEqualTo(403);
        assertThat(delete(siret, ADMIN).statusCode()).isEqualTo(204);
        assertThat(delete(siret, ADMIN).statusCode()).isEqualTo(404);
        assertThat(get(app, "/api/enterprises/" + siret, OFFICER).statusCode()).isEqualTo(404);
        awaitIndex(app);
        assertThat(get(app, "/api/enterprises?q=recyclerie", OFFICER).bodyAsJsonObject().getLong("total")).isZero();

        // created again after its deletion
        assertThat(put(siret, laCollecterie(), ADMIN).statusCode()).isEqualTo(201);
        awaitIndex(app);
        assertThat(get(app, "/api/enterprises?q=recyclerie", OFFICER).bodyAsJsonObject().getLong("total")).isEqualTo(1);
    }

    @Test
    void writesNeedTheAdminRole() {
        assertThat(put("80746931700018", laCollecterie(), OFFICER).statusCode()).isEqualTo(403);
        HttpResponse<Buffer> importing = await(app.client().post("/api/enterprises/import")
                .putHeader("Authorization", "Bearer " + OFFICER).putHeader("Content-Type", "text/csv")
                .sendBuffer(Buffer.buffer("siret,name,categories\n")));
        assertThat(importing.statusCode()).isEqualTo(403);
        assertThat(await(app.client().get("/api/enterprises").send()).statusCode()).isEqualTo(401);
    }

    @Test
    void invalidEnterprisesAreRefusedFieldByField() {
        HttpResponse<Buffer> bad = put("80746931700018", laCollecterie()
                .put("categories", new JsonArray().add("SIAE")).put("latitude", 120.0).put("longitude", 2.0), ADMIN);
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.getHeader("Content-Type")).startsWith("application/problem+json");
        assertThat(fields(bad)).containsExactlyInAnyOrder("categories[0]", "latitude");

        HttpResponse<Buffer> nul = put("80746931700018", laCollecterie().put("description", "a\u0000b"), ADMIN);
        assertThat(nul.statusCode()).isEqualTo(422);
        assertThat(fields(nul)).containsExactly("description");

        HttpResponse<Buffer> other = put("80746931700018", laCollecterie().put("siret", "75187049400026"), ADMIN);
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(fields(other)).containsExactly("siret");

        assertThat(put("80746931700019", laCollecterie(), ADMIN).statusCode()).isEqualTo(400);
        assertThat(get(app, "/api/enterprises/123", OFFICER).statusCode()).isEqualTo(400);
        assertThat(get(app, "/api/enterprises/35058476900029", OFFICER).statusCode()).isEqualTo(404);

        HttpResponse<Buffer> array = await(app.client().put("/api/enterprises/80746931700018")
                .putHeader("Authorization", "Bearer " + ADMIN).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("[1]")));
        assertThat(array.statusCode()).isEqualTo(422);
        HttpResponse<Buffer> broken = await(app.client().put("/api/enterprises/80746931700018")
                .putHeader("Authorization", "Bearer " + ADMIN).putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer("{\"name\": ")));
        assertThat(broken.statusCode()).isEqualTo(400);
        HttpResponse<Buffer> text = await(app.client().put("/api/enterprises/80746931700018")
                .putHeader("Authorization", "Bearer " + ADMIN).putHeader("Content-Type", "text/plain")
                .sendBuffer(Buffer.buffer("hello")));
        assertThat(text.statusCode()).isEqualTo(415);
    }

    @Test
    void importsRefuseWhatTheyCannotRead() {
        assertThat(importFile(app, Buffer.buffer("a,b\n"), "essor", "application/json").statusCode()).isEqualTo(415);
        assertThat(importFile(app, Buffer.buffer("a,b\n"), "lemarche", "application/x-ndjson").statusCode()).isEqualTo(415);
        HttpResponse<Buffer> format = importFile(app, Buffer.buffer("a,b\n"), "sirene", "text/csv");
        assertThat(format.statusCode()).isEqualTo(400);
        assertThat(fields(format)).containsExactly("format");
        assertThat(importFile(app, Buffer.buffer(""), "essor", "text/csv").statusCode()).isEqualTo(400);
        HttpResponse<Buffer> header = importFile(app, Buffer.buffer("siret,label\n80746931700018,x\n"), "essor", "text/csv");
        assertThat(header.statusCode()).isEqualTo(422);
        assertThat(fields(header)).containsExactly("name", "categories");
    }

    @Test
    void aMixedFileKeepsItsGoodLines() {
        String csv = String.join("\n",
                "siret,name,categories,legal_form,naf,description,cpv,address,postcode,city,latitude,longitude,radius_km,departments,employees,website",
                "80746931700018,BALUCHON A TABLE CITOYENS,EI,SARL,5621Z,Traiteur solidaire,55520000-1,Rue Madeleine Odru,93230,Romainville,48.88053,2.431955,,93|75,50,http://www.baluchon.fr",
                "12345678901234,Bad siret,ACI,,,,,,,,,,,,,",
                "79285470500029,Unknown category,ACI|SIAE,,,,,,,,,,,,,",
                "38269518700049,Bad coordinates,AI,,,,,,,,95.2,1.9,,,,",
                "42880141900139,Too few columns,EI,,,",
                "48082508200013,DOUAISIS JARDINS,EI,,8121Z,\"Entretien d'espaces verts, nettoyage\",,,59500,Douai,,,,,,");
        HttpResponse<Buffer> response = importFile(app, Buffer.buffer(csv), "essor", "text/csv; charset=utf-8");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonObject summary = response.bodyAsJsonObject();
        assertThat(summary.getLong("imported")).isEqualTo(2);
        List<Integer> lines = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        for (Object o : summary.getJsonArray("rejected")) {
            JsonObject r = (JsonObject) o;
            lines.add(r.getInteger("line"));
            fields.add(r.getJsonArray("errors").getJsonObject(0).getString("field"));
        }
        assertThat(lines).containsExactly(3, 4, 5, 6);
        assertThat(fields).containsExactly("siret", "categories", "latitude", "line");
        JsonObject douai = get(app, "/api/enterprises/48082508200013", OFFICER).bodyAsJsonObject();
        assertThat(douai.getString("department")).isEqualTo("59");
        assertThat(douai.getDouble("latitude")).isBetween(50.3, 50.4);
        assertThat(get(app, "/api/enterprises/38269518700049", OFFICER).statusCode()).isEqualTo(404);

        String ndjson = "{\"siret\":\"42965615000019\",\"name\":\"EVE\",\"categories\":[\"ACI\"],\"naf\":\"81.21Z\",\"esusUntil\":\"2027-12-31\"}\n"
                + "{\"siret\":\"42965615000019\",\"name\":\"EVE\",\"categories\":[\"ACI\"],\"latitude\":50.2}\n"
                + "not json\n";
        JsonObject nd = importFile(app, Buffer.buffer(ndjson), "essor", "application/x-ndjson").bodyAsJsonObject();
        assertThat(nd.getLong("imported")).isEqualTo(1);
        assertThat(nd.getJsonArray("rejected").stream().map(o -> ((JsonObject) o).getInteger("line")).toList()).containsExactly(2, 3);
        assertThat(get(app, "/api/enterprises/42965615000019", OFFICER).bodyAsJsonObject().getString("esusUntil")).isEqualTo("2027-12-31");
    }

    @Test
    void theEssDigitalSectorFileReportsTheUnitsItSkips() {
        RawCsv file = RawCsv.read(ESS_NUMERIQUE);
        long inactive = file.rows().stream().filter(r -> !file.get(r, "est_active").equals("True")).count();
        JsonObject summary = importOk(app, ESS_NUMERIQUE, "ess-numerique");
        long skipped = 0;
        long inactiveWarnings = 0;
        for (Object o : summary.getJsonArray("warnings")) {
            String message = ((JsonObject) o).getString("message");
            if (message.contains("skipped")) {
                skipped++;
            }
            if (message.contains("not active")) {
                inactiveWarnings++;
            }
        }
        assertThat(inactiveWarnings).isEqualTo(inactive).isEqualTo(539);
        assertThat(summary.getJsonArray("rejected")).isEmpty();
        // every row is either skipped (and reported) or stored: the file has no repeated SIRET
        assertThat(summary.getLong("imported") + summary.getLong("updated") + summary.getLong("unchanged") + skipped)
                .isEqualTo(file.rows().size());
        assertThat(skipped).isGreaterThan(inactive);

        JsonObject coop = get(app, "/api/enterprises/45270308500020", OFFICER).bodyAsJsonObject(); // NEREIDE, SARL coopérative
        assertThat(coop.getJsonArray("categories").getList()).containsExactly("COOPERATIVE");
        assertThat(coop.getJsonObject("sources").getJsonObject("COOPERATIVE").getString("source")).isEqualTo("ess-numerique");
        JsonObject toulouse = get(app, "/api/enterprises/92006046400020", OFFICER).bodyAsJsonObject(); // RoseLab, 31400.0
        assertThat(toulouse.getString("postcode")).isEqualTo("31400");
        assertThat(toulouse.getString("department")).isEqualTo("31");
        JsonObject again = importOk(app, ESS_NUMERIQUE, "ess-numerique");
        assertThat(again.getLong("unchanged")).isEqualTo(summary.getLong("imported") + summary.getLong("updated")
                + summary.getLong("unchanged"));
    }

    @Test
    void searchParametersAreChecked() {
        assertThat(fields(get(app, "/api/enterprises?radiusKm=10", OFFICER))).containsExactly("radiusKm");
        assertThat(fields(get(app, "/api/enterprises?near=48.8", OFFICER))).containsExactly("near");
        assertThat(fields(get(app, "/api/enterprises?near=148.8,2.3", OFFICER))).containsExactly("near");
        assertThat(fields(get(app, "/api/enterprises?size=101", OFFICER))).containsExactly("size");
        // what openapi.yaml says is checked at the edge, every field at once; what only the catalogues know, by the route
        assertThat(fields(get(app, "/api/enterprises?page=-1&category=SIAE&cpv=12&department=20", OFFICER)))
                .containsExactlyInAnyOrder("page", "category");
        assertThat(fields(get(app, "/api/enterprises?page=2&category=ACI&cpv=12&department=20", OFFICER)))
                .containsExactlyInAnyOrder("cpv", "department");
        HttpResponse<Buffer> ok = get(app, "/api/enterprises?near=48.85,2.35&category=ACI&category=EI&department=75", OFFICER);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.bodyAsJsonObject().getJsonObject("facets").fieldNames()).containsExactlyInAnyOrder("category", "department");
    }

    private static List<String> fields(HttpResponse<Buffer> response) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isBetween(400, 499);
        List<String> fields = new ArrayList<>();
        for (Object o : response.bodyAsJsonObject().getJsonArray("errors")) {
            fields.add(((JsonObject) o).getString("field"));
        }
        return fields;
    }
}
