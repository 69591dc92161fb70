package fr.essor.notice;

import fr.essor.testing.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static fr.essor.notice.NoticeTestClient.json;
import static fr.essor.notice.NoticeTestClient.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every eForms notice at hand pushed through HTTP as a signed feed would: the SDK examples (taken with their lots;
 * the business registrations and the INVALID_* files refused or taken with their problems, never half stored) and
 * the real TED notices.
 */
class EformsExamplesIngestTest extends IngestingServiceTest {
    private static List<Path> xml(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
    }

    @Test
    void everySdkExampleIsTakenWithItsLotsOrRefusedCleanly() throws IOException {
        List<Path> files = xml(NoticeTestClient.SDK);
        assertThat(files).hasSize(92);
        int taken = 0;
        int refused = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            byte[] body = read(file);
            String before = client.footprint();
            long notices = client.count("SELECT count(*) FROM notices");
            HttpResponse<Buffer> response = client.push("application/xml", body);
            int status = response.statusCode();
            assertThat(status).as(name + ": " + response.bodyAsString()).isLessThan(500);
            if (name.startsWith("INVALID_") || name.startsWith("X0")) {
                System.out.println("eForms example " + name + " -> " + status + " " + abbreviate(response.bodyAsString()));
            }

            if (name.startsWith("X01_") || name.startsWith("X02_")) {
                assertThat(status).as(name).isEqualTo(422);
                assertProblem(response, name);
                assertThat(client.footprint()).as(name + " left nothing").isEqualTo(before);
                refused++;
            } else if (name.startsWith("INVALID_") && status >= 400) {
                assertProblem(response, name);
                assertThat(client.footprint()).as(name + " left nothing").isEqualTo(before);
                refused++;
            } else {
                assertThat(status).as(name + ": " + response.bodyAsString()).isEqualTo(202);
                JsonArray stored = json(response).getJsonArray("notices");
                assertThat(stored).as(name).hasSize(1);
                JsonObject notice = stored.getJsonObject(0);
                UUID id = UUID.fromString(notice.getString("id"));
                int lots = NoticeTestClient.eformsLots(body);
                assertThat(notice.getInteger("lots")).as(name + " lots").isEqualTo(lots);
                assertThat(client.count("SELECT count(*) FROM notice_lots WHERE notice_id = $1", id)).as(name).isEqualTo(lots);
                assertThat(client.count("SELECT count(*) FROM notices")).isEqualTo(notices + 1);
                assertThat(client.count("SELECT count(*) FROM outbox WHERE payload->>'id' = $1", id.toString())).isEqualTo(1);
                if (name.startsWith("INVALID_")) {
                    // taken only where a business rule is broken: the notice says what
                    JsonObject got = json(client.get("/api/notices/" + id));
                    assertThat(got.getJsonArray("problems")).as(name + " problems").isNotEmpty();
                }
                taken++;
            }
        }
        assertThat(taken).isGreaterThanOrEqualTo(92 - 2 - 12); // 12 INVALID_* files, 2 registrations
        assertThat(refused).isGreaterThanOrEqualTo(2);
        // every stored notice reads back as the domain type, whole (what matching reads)
        NoticeSearch search = app.main().services().noticeSearch();
        for (io.vertx.sqlclient.Row row : NoticeTestClient.await(client.pool().query("SELECT id FROM notices").execute())) {
            UUID id = row.getUUID(0);
            Notice notice = NoticeTestClient.await(search.notice(id)).orElseThrow();
            assertThat(notice.id()).isEqualTo(id);
            assertThat((long) notice.lots().size())
                    .isEqualTo(client.count("SELECT count(*) FROM notice_lots WHERE notice_id = $1", id));
        }
        // nothing was stored twice and every lot belongs to a stored notice
        assertThat(client.count("SELECT count(*) FROM notices")).isEqualTo(taken);
        assertThat(client.count("SELECT count(*) FROM notice_lots l WHERE NOT EXISTS "
                + "(SELECT 1 FROM notices n WHERE n.id = l.notice_id)")).isZero();
    }

    @Test
    void theHundredLotNoticeKeepsItsHundredLotsInOrder() {
        byte[] body = read(NoticeTestClient.SDK.resolve("cn_24_maximal_100_lots.xml"));
        HttpResponse<Buffer> response = client.upload(TestApp.ADMIN_KEY, "application/xml", body);
        // pushed already by the other test, or new here: either way one notice of 100 lots is stored
        assertThat(response.statusCode()).isIn(200, 202);
        String id = client.pool().preparedQuery("SELECT id FROM notices WHERE source = 'eforms' AND source_id = $1")
                .execute(io.vertx.sqlclient.Tuple.of(sourceId(body)))
                .toCompletionStage().toCompletableFuture().join().iterator().next().getUUID(0).toString();
        JsonObject notice = json(client.get("/api/notices/" + id));
        assertThat(notice.getJsonArray("lots")).hasSize(100);
        assertThat(notice.getJsonArray("lots").getJsonObject(0).getString("lotId")).isEqualTo("LOT-0001");
        assertThat(notice.getJsonArray("lots").getJsonObject(99).getString("lotId")).isEqualTo("LOT-0100");
        assertThat(client.count("SELECT count(*) FROM notice_lots WHERE notice_id = $1::uuid", id)).isEqualTo(100);
        assertThat(client.count("SELECT max(position) FROM notice_lots WHERE notice_id = $1::uuid", id)).isEqualTo(99);
    }

    @Test
    void everyTedNoticeIsTaken() throws IOException {
        List<Path> files = xml(NoticeTestClient.TED);
        assertThat(files).hasSize(32);
        for (Path file : files) {
            byte[] body = read(file);
            HttpResponse<Buffer> response = client.push("application/xml", body);
            assertThat(response.statusCode()).as(file + ": " + response.bodyAsString()).isEqualTo(202);
            JsonObject notice = json(response).getJsonArray("notices").getJsonObject(0);
            assertThat(notice.getInteger("lots")).as(file.toString()).isEqualTo(NoticeTestClient.eformsLots(body));
            assertThat(client.count("SELECT count(*) FROM notice_lots WHERE notice_id = $1::uuid", notice.getString("id")))
                    .isEqualTo(notice.getInteger("lots").longValue());
        }
    }

    static String sourceId(byte[] xml) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<cbc:ID schemeName=\"notice-id\">([^<]+)<")
                .matcher(new String(xml, java.nio.charset.StandardCharsets.UTF_8));
        return m.find() ? m.group(1).strip() : null;
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    private static void assertProblem(HttpResponse<Buffer> response, String name) {
        assertThat(response.getHeader("Content-Type")).as(name).startsWith("application/problem+json");
        JsonObject problem = json(response);
        assertThat(problem.getInteger("status")).isEqualTo(response.statusCode());
        assertThat(problem.getString("detail")).as(name).isNotBlank();
    }
}
