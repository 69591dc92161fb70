package fr.essor.notice;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static fr.essor.notice.NoticeTestClient.await;
import static fr.essor.notice.NoticeTestClient.json;
import static fr.essor.notice.NoticeTestClient.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every OCDS sample pushed: each item taken, a duplicate (same ocid and release id met before) or skipped (no
 * tender); later releases of one contracting process supersede the earlier ones.
 */
class OcdsIngestTest extends IngestingServiceTest {
    /** How many items a file holds: the releases of a package, the records of a record package, else one. */
    private static int items(JsonObject doc) {
        if (doc.containsKey("records")) {
            return doc.getJsonArray("records").size();
        }
        if (doc.containsKey("releases") && !doc.containsKey("compiledRelease")) {
            return doc.getJsonArray("releases").size();
        }
        return 1;
    }

    @Test
    void everySampleIsTakenDuplicateOrSkipped() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(NoticeTestClient.OCDS)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSize(32);
        int stored = 0;
        for (Path file : files) {
            byte[] body = read(file);
            HttpResponse<Buffer> response = client.push("application/json", body);
            assertThat(response.statusCode()).as(file + ": " + response.bodyAsString()).isIn(200, 202);
            JsonObject result = json(response);
            int notices = result.getJsonArray("notices").size();
            assertThat(result.getJsonArray("rejected")).as(file.toString()).isEmpty();
            assertThat(notices + result.getInteger("duplicates") + result.getJsonArray("skipped").size())
                    .as(file + " accounts for every item").isEqualTo(items(new JsonObject(Buffer.buffer(body))));
            assertThat(response.statusCode()).isEqualTo(notices > 0 ? 202 : 200);
            for (int i = 0; i < notices; i++) {
                JsonObject n = result.getJsonArray("notices").getJsonObject(i);
                assertThat(client.count("SELECT count(*) FROM notice_lots WHERE notice_id = $1::uuid", n.getString("id")))
                        .isEqualTo(n.getInteger("lots").longValue()).isPositive();
            }
            stored += notices;

            String name = NoticeTestClient.OCDS.relativize(file).toString();
            if (name.equals("armenia/sample/releases/6.json")) {
                // 27 of the 100 releases carry a tender; the 73 others are planning only
                assertThat(notices).isEqualTo(27);
                assertThat(result.getJsonArray("skipped")).hasSize(73);
            }
            if (name.equals("fictional-example-1.1/ocds-213czf-000-00001.json")) {
                // the package repeats the single releases pushed before it
                assertThat(notices).isZero();
                assertThat(result.getInteger("duplicates")).isPositive();
            }
            if (name.startsWith("ukraine/sample/releases/")) {
                // each release was met before inside its record
                assertThat(notices).as(name).isZero();
            }
        }
        assertThat(client.count("SELECT count(*) FROM notices")).isEqualTo(stored);
        assertThat(client.count("SELECT count(*) FROM outbox")).isEqualTo(stored);
        // the same ocid and release id is stored once
        assertThat(client.count("SELECT count(*) FROM (SELECT source_id, version FROM notices GROUP BY 1, 2 "
                + "HAVING count(*) > 1) d")).isZero();

        // every stored notice reads back as the domain type, whole
        for (Row row : await(client.pool().query("SELECT id FROM notices").execute())) {
            Notice notice = await(app.main().services().noticeSearch().notice(row.getUUID(0))).orElseThrow();
            assertThat((long) notice.lots().size())
                    .isEqualTo(client.count("SELECT count(*) FROM notice_lots WHERE notice_id = $1", row.getUUID(0)));
        }

        // the fictional process: its later releases supersede the earlier ones; one is current
        List<Row> versions = new ArrayList<>();
        await(client.pool().query("SELECT id, version, supersedes, superseded_by FROM notices "
                        + "WHERE source_id = 'ocds-213czf-000-00001' ORDER BY published_at, created_at").execute())
                .forEach(versions::add);
        assertThat(versions.size()).isGreaterThanOrEqualTo(2);
        assertThat(versions.stream().filter(r -> r.getUUID("superseded_by") == null)).hasSize(1);
        Row current = versions.get(versions.size() - 1);
        assertThat(current.getUUID("superseded_by")).isNull();
        Row previous = versions.get(versions.size() - 2);
        assertThat(previous.getUUID("superseded_by")).isEqualTo(current.getUUID("id"));
        JsonObject shown = json(client.get("/api/notices/" + current.getUUID("id")));
        assertThat(shown.getString("supersedes")).isEqualTo(previous.getUUID("id").toString());
        assertThat(shown.getString("sourceId")).isEqualTo("ocds-213czf-000-00001");
    }
}
