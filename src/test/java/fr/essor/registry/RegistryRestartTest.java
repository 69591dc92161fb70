package fr.essor.registry;

import fr.essor.registry.index.OpenReport;
import fr.essor.testing.TestApp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static fr.essor.registry.RegistryFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index is derived: deleted, corrupted or left behind, it comes back from PostgreSQL with the same answers.
 * Same data folder and database across restarts.
 */
class RegistryRestartTest {
    private static final List<String> QUESTIONS = List.of(
            "/api/enterprises?q=nettoyage&near=50.6292,3.0573&radiusKm=50",
            "/api/enterprises?q=insertion%20restauration&size=50",
            "/api/enterprises?cpv=90900000&size=100&page=0",
            "/api/enterprises?category=GEIQ&category=EA&size=100",
            "/api/enterprises?department=93&size=100",
            "/api/enterprises?near=43.2965,5.3698&radiusKm=20&size=100",
            "/api/enterprises?size=1");

    @Test
    void theIndexComesBackFromPostgresqlWithTheSameAnswers() throws Exception {
        Path dataDir;
        String db;
        Map<String, JsonObject> before;
        try (TestApp first = TestApp.start()) {
            dataDir = first.dataDir();
            db = first.dbUrl();
            importOk(first, LEMARCHE, "lemarche");
            // a deletion the rebuilt index must not bring back
            assertThat(await(first.client().delete("/api/enterprises/80746931700018")
                    .putHeader("Authorization", "Bearer " + TestApp.ADMIN_KEY).send()).statusCode()).isEqualTo(204);
            awaitIndex(first);
            before = answers(first);
            assertThat(before.get(QUESTIONS.get(QUESTIONS.size() - 1)).getLong("total")).isEqualTo(3827);
        }
        JsonObject config = TestApp.defaults(dataDir, db);
        Path index = dataDir.resolve("index");

        deleteTree(index);
        try (TestApp second = TestApp.start(config, dataDir, db)) {
            await(second.main().services().registryIndex().firstCatchUp());
            assertThat(second.main().services().enterpriseIndex().openReport().state()).isEqualTo(OpenReport.State.MISSING);
            assertThat(answers(second)).isEqualTo(before);
            assertThat(get(second, "/health/ready", TestApp.OFFICER_KEY).statusCode()).isEqualTo(200);
        }

        corruptLargestFile(index);
        try (TestApp third = TestApp.start(config, dataDir, db)) {
            await(third.main().services().registryIndex().firstCatchUp());
            assertThat(third.main().services().enterpriseIndex().openReport().state()).isEqualTo(OpenReport.State.CORRUPT);
            assertThat(answers(third)).isEqualTo(before);
        }

        // behind: another node (own data folder, same database) writes while this one is down
        Path otherData = TestApp.tempDir();
        try (TestApp other = TestApp.start(TestApp.defaults(otherData, db), otherData, db)) {
            JsonObject eve = new JsonObject().put("name", "EVE").put("categories", new JsonArray().add("ACI"))
                    .put("naf", "81.21Z").put("description", "Atelier solidaire de zythologie").put("postcode", "62860");
            assertThat(await(other.client().put("/api/enterprises/80746931700018")
                    .putHeader("Authorization", "Bearer " + TestApp.ADMIN_KEY).putHeader("Content-Type", "application/json")
                    .sendBuffer(eve.toBuffer())).statusCode()).isEqualTo(201);
        }
        try (TestApp fourth = TestApp.start(config, dataDir, db)) {
            await(fourth.main().services().registryIndex().firstCatchUp());
            assertThat(fourth.main().services().enterpriseIndex().openReport().state()).isEqualTo(OpenReport.State.READY);
            JsonObject found = get(fourth, "/api/enterprises?q=zythologie", TestApp.OFFICER_KEY).bodyAsJsonObject();
            assertThat(found.getJsonArray("items").getJsonObject(0).getString("siret")).isEqualTo("80746931700018");
            assertThat(get(fourth, "/api/enterprises?size=1", TestApp.OFFICER_KEY).bodyAsJsonObject().getLong("total"))
                    .isEqualTo(3828);
        }
    }

    /**
     * The answers, each BM25 score replaced by a mark that it was there: a rebuilt index has no deleted documents
     * left in its statistics, so scores move in the 4th digit while the results and their order stay the same.
     */
    private static Map<String, JsonObject> answers(TestApp app) {
        Map<String, JsonObject> out = new LinkedHashMap<>();
        for (String question : QUESTIONS) {
            JsonObject answer = get(app, question, TestApp.OFFICER_KEY).bodyAsJsonObject();
            assertThat(answer.getLong("total")).as(question).isPositive();
            for (Object item : answer.getJsonArray("items")) {
                JsonObject e = (JsonObject) item;
                if (e.containsKey("score")) {
                    assertThat(e.getDouble("score")).isPositive();
                    e.put("score", "scored");
                }
            }
            out.put(question, answer);
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Overwrites bytes in the middle of the index's largest file: its checksum no longer matches. */
    private static void corruptLargestFile(Path dir) throws IOException {
        Path largest;
        try (Stream<Path> files = Files.list(dir)) {
            largest = files.filter(p -> !p.getFileName().toString().equals("write.lock"))
                    .max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
        try (RandomAccessFile file = new RandomAccessFile(largest.toFile(), "rw")) {
            file.seek(file.length() / 2);
            file.write(new byte[]{1, 2, 3, 4, 5, 6, 7, 8});
        }
    }
}
