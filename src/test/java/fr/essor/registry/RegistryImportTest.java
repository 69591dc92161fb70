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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static fr.essor.registry.RegistryFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The registry over HTTP on a real PostgreSQL, loaded with the real Le marché de l'inclusion file. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryImportTest {
    private TestApp app;
    private JsonObject firstImport;

    @BeforeAll
    void start() {
        app = TestApp.start();
        firstImport = importOk(app, LEMARCHE, "lemarche");
        awaitIndex(app);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void theRealFileGivesItsDistinctValidSiretsAndNamesEachInvalidLine() {
        assertThat(firstImport.getLong("imported")).isEqualTo(3828);
        assertThat(firstImport.getLong("updated")).isZero();
        assertThat(firstImport.getLong("unchanged")).isZero();
        JsonArray rejected = firstImport.getJsonArray("rejected");
        List<Integer> lines = new ArrayList<>();
        for (int i = 0; i < rejected.size(); i++) {
            JsonObject r = rejected.getJsonObject(i);
            lines.add(r.getInteger("line"));
            assertThat(r.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("siret");
        }
        // the 13 lines whose SIRET fails the check (header = line 1)
        assertThat(lines).containsExactly(2654, 3557, 3598, 3640, 3693, 3823, 3824, 3826, 3827, 3850, 3851, 3853, 3854);
        assertThat(await(app.main().services().registry().store().count())).isEqualTo(3828);
    }

    @Test
    void reimportingTheSameFileChangesNothing() {
        long before = lastChange(app);
        JsonObject again = importOk(app, LEMARCHE, "lemarche");
        assertThat(again.getLong("imported")).isZero();
        assertThat(again.getLong("updated")).isZero();
        assertThat(again.getLong("unchanged")).isEqualTo(3828);
        assertThat(lastChange(app)).isEqualTo(before);
    }

    @Test
    void repeatedSiretsAreMergedAndGeiqStaysGeiq() {
        JsonObject twoKinds = get(app, "/api/enterprises/40765547100057", TestApp.OFFICER_KEY).bodyAsJsonObject();
        assertThat(twoKinds.getJsonArray("categories").getList()).containsExactly("EI", "ETTI", "ESUS");
        assertThat(twoKinds.getJsonObject("sources").getJsonObject("ESUS").getString("source")).isEqualTo("derived");
        assertThat(twoKinds.getJsonObject("sources").getJsonObject("EI").getString("source")).isEqualTo("lemarche");

        RawCsv file = RawCsv.read(LEMARCHE);
        long geiqSirets = file.rows().stream().filter(r -> file.get(r, "kind").equals("GEIQ"))
                .map(r -> file.get(r, "siret")).filter(Siret::isValid).distinct().count();
        assertThat(geiqSirets).isEqualTo(170); // 172 rows, 2 of them with an invalid SIRET
        HttpResponse<Buffer> geiqs = get(app, "/api/enterprises?category=GEIQ&size=100", TestApp.OFFICER_KEY);
        JsonObject page = geiqs.bodyAsJsonObject();
        assertThat(page.getLong("total")).isEqualTo(geiqSirets);
        for (Object item : page.getJsonArray("items")) {
            assertThat(((JsonObject) item).getJsonArray("categories").getList()).containsExactly("GEIQ");
        }
    }

    @Test
    void cleaningNearACommuneFindsCleaningEnterprisesFirst() {
        // Lille (59350)
        JsonObject page = get(app, "/api/enterprises?q=nettoyage&near=50.6292,3.0573&radiusKm=50", TestApp.OFFICER_KEY)
                .bodyAsJsonObject();
        JsonArray items = page.getJsonArray("items");
        // the file's cleaning enterprises (NAF 81.2x) within 50 km of that point
        RawCsv file = RawCsv.read(LEMARCHE);
        long cleaners = file.rows().stream()
                .filter(r -> file.get(r, "naf").startsWith("812") && !file.get(r, "latitude").isEmpty()
                        && Siret.isValid(file.get(r, "siret")))
                .filter(r -> fr.essor.reference.Geography.distanceKm(50.6292, 3.0573, Double.parseDouble(file.get(r, "latitude")),
                        Double.parseDouble(file.get(r, "longitude"))) <= 50)
                .map(r -> file.get(r, "siret")).distinct().count();
        assertThat(cleaners).isEqualTo(6);
        assertThat(items.size()).isGreaterThan((int) cleaners); // others, whose description speaks of cleaning, follow
        for (int i = 0; i < items.size(); i++) {
            JsonObject e = items.getJsonObject(i);
            assertThat(e.getDouble("distanceKm")).isLessThanOrEqualTo(50.0);
            assertThat(e.getDouble("score")).isPositive();
            if (i < cleaners) {
                assertThat(e.getString("naf")).as("item %d", i).startsWith("81.2");
            } else {
                assertThat(e.getString("naf")).as("item %d", i).doesNotStartWith("81.2");
            }
        }
    }

    @Test
    void theCpvFilterFindsEnterprisesKnownOnlyByTheirNaf() {
        // cleaning services (CPV 9091): the file declares no CPV code; NAF 81.2x implies the group above them, 909
        // (affinity table)
        RawCsv file = RawCsv.read(LEMARCHE);
        Map<String, String> nafBySiret = new LinkedHashMap<>();
        file.rows().stream().filter(r -> Siret.isValid(file.get(r, "siret")))
                .forEach(r -> nafBySiret.merge(file.get(r, "siret"), file.get(r, "naf"), (a, b) -> a.isEmpty() ? b : a));
        // what the affinity table says each NAF code can deliver: a prefix above 9091 (909) or under it
        var affinity = fr.essor.reference.ReferenceData.get().affinity();
        long expected = nafBySiret.values().stream().filter(naf -> !naf.isEmpty() && affinity.cpvPrefixesFor(naf).stream()
                .anyMatch(p -> "9091".startsWith(p) || p.startsWith("9091"))).count();
        long cleaners = nafBySiret.values().stream().filter(n -> n.startsWith("812")).count();
        assertThat(expected).isGreaterThanOrEqualTo(cleaners).isGreaterThan(50);
        JsonObject page = get(app, "/api/enterprises?cpv=90910000-9&size=100", TestApp.OFFICER_KEY).bodyAsJsonObject();
        assertThat(page.getLong("total")).isEqualTo(expected);
        long cleanersFound = 0;
        for (Object o : page.getJsonArray("items")) {
            JsonObject item = (JsonObject) o;
            assertThat(item.getJsonArray("cpv")).isEmpty();
            if (item.getString("naf").startsWith("81.2")) {
                cleanersFound++;
            }
        }
        assertThat(expected).isLessThanOrEqualTo(100); // one page holds them all
        assertThat(cleanersFound).isEqualTo(cleaners);
    }

    @Test
    void facetsCountEveryResultNotThePage() {
        RawCsv file = RawCsv.read(LEMARCHE);
        Map<String, Set<String>> kinds = new LinkedHashMap<>();
        file.rows().stream().filter(r -> Siret.isValid(file.get(r, "siret")))
                .forEach(r -> kinds.computeIfAbsent(file.get(r, "siret"), k -> new java.util.HashSet<>()).add(file.get(r, "kind")));
        JsonObject page = get(app, "/api/enterprises?size=1", TestApp.OFFICER_KEY).bodyAsJsonObject();
        assertThat(page.getLong("total")).isEqualTo(3828);
        assertThat(page.getJsonArray("items")).hasSize(1);
        JsonObject categories = page.getJsonObject("facets").getJsonObject("category");
        for (String kind : List.of("ACI", "EI", "AI", "ETTI", "GEIQ", "EA")) {
            long expected = kinds.values().stream().filter(k -> k.contains(kind)).count();
            assertThat(categories.getLong(kind)).as(kind).isEqualTo(expected);
        }
        long esus = kinds.values().stream().filter(k -> k.stream().anyMatch(kind -> !kind.equals("GEIQ"))).count();
        assertThat(categories.getLong("ESUS")).isEqualTo(esus);

        // départements: geocoding agrees with the file's own column for the Nord, except where the file's
        // coordinates lie elsewhere than its postcode says (the import warns about each)
        Set<String> leftNord = new java.util.HashSet<>();
        Set<String> cameToNord = new java.util.HashSet<>();
        for (Object o : firstImport.getJsonArray("warnings")) {
            JsonObject w = (JsonObject) o;
            String siret = file.get(file.rows().get(w.getInteger("line") - 2), "siret");
            if (w.getString("message").contains("postcode 59")) {
                leftNord.add(siret);
            } else if (w.getString("message").contains("lie in département 59 ")) {
                cameToNord.add(siret);
            }
        }
        assertThat(leftNord).containsExactlyInAnyOrder("51414568900014", "51812303900019"); // in Toulouse and Riom
        long nord = file.rows().stream().filter(r -> Siret.isValid(file.get(r, "siret")) && file.get(r, "department").equals("59"))
                .map(r -> file.get(r, "siret")).filter(siret -> !leftNord.contains(siret)).distinct().count()
                + cameToNord.size();
        JsonObject inNord = get(app, "/api/enterprises?department=59&size=5", TestApp.OFFICER_KEY).bodyAsJsonObject();
        assertThat(inNord.getJsonObject("facets").getJsonObject("department").getMap()).containsOnlyKeys("59");
        assertThat(inNord.getJsonObject("facets").getJsonObject("department").getLong("59")).isEqualTo(inNord.getLong("total"));
        assertThat(page.getJsonObject("facets").getJsonObject("department").getLong("59")).isEqualTo(inNord.getLong("total"));
        assertThat(inNord.getLong("total")).isEqualTo(nord);
    }
}
