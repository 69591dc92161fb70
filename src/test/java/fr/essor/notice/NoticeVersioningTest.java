package fr.essor.notice;

import fr.essor.testing.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static fr.essor.notice.NoticeTestClient.json;
import static fr.essor.notice.NoticeTestClient.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Versions and change notices, on the SDK's real pairs: change-cn_24_open_dates.xml changes cn_24_open.xml (BT-758
 * c4c415ee-…-01), change-cn_24_cumbria_suppliers.xml changes cn_24_cumbria.xml, pin-buyer_24_published.xml is
 * version 02 of pin-buyer_24.xml.
 */
class NoticeVersioningTest extends IngestingServiceTest {
    private static String push(String sdkFile) {
        HttpResponse<Buffer> r = client.push("application/xml", read(NoticeTestClient.SDK.resolve(sdkFile)));
        assertThat(r.statusCode()).as(sdkFile + ": " + r.bodyAsString()).isEqualTo(202);
        return json(r).getJsonArray("notices").getJsonObject(0).getString("id");
    }

    private static JsonObject get(String id) {
        HttpResponse<Buffer> r = client.get("/api/notices/" + id);
        assertThat(r.statusCode()).isEqualTo(200);
        return json(r);
    }

    private static List<String> listed(String query) {
        return json(client.get("/api/notices" + query)).getJsonArray("items").stream()
                .map(o -> ((JsonObject) o).getString("id")).toList();
    }

    @Test
    void aChangeNoticeSupersedesTheNoticeItChanges() {
        String original = push("cn_24_open.xml");
        String change = push("change-cn_24_open_dates.xml");

        assertThat(get(change).getString("supersedes")).isEqualTo(original);
        assertThat(get(original).getString("supersededBy")).isEqualTo(change);
        assertThat(listed("?size=100")).contains(change).doesNotContain(original);
        assertThat(listed("?size=100&includeSuperseded=true")).contains(change, original);
    }

    @Test
    void aChangeNoticeMetFirstNamesTheSourceIdThenEssorsIdOnceTheOriginalComes() {
        String change = push("change-cn_24_cumbria_suppliers.xml");
        // the changed notice is not known yet: its source id (BT-758) stands
        assertThat(get(change).getString("supersedes")).startsWith("6bc75979-ce6c-46eb-81a6-eee543697dec");

        String original = push("cn_24_cumbria.xml");
        assertThat(get(change).getString("supersedes")).isEqualTo(original);
        assertThat(get(original).getString("supersededBy")).isEqualTo(change);
        assertThat(listed("?size=100")).contains(change).doesNotContain(original);
    }

    @Test
    void aNewVersionSupersedesTheOldOne() {
        String v1 = push("pin-buyer_24.xml");
        String v2 = push("pin-buyer_24_published.xml");
        assertThat(get(v1).getString("version")).isEqualTo("01");
        assertThat(get(v2).getString("version")).isEqualTo("02");
        assertThat(get(v2).getString("supersedes")).isEqualTo(v1);
        assertThat(get(v1).getString("supersededBy")).isEqualTo(v2);
        // the old version re-sent is a duplicate, and nothing changes
        HttpResponse<Buffer> again = client.push("application/xml", read(NoticeTestClient.SDK.resolve("pin-buyer_24.xml")));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).getInteger("duplicates")).isEqualTo(1);
        assertThat(get(v1).getString("supersededBy")).isEqualTo(v2);
    }

    @Test
    void anOlderVersionArrivingLateIsStoredAsAlreadyReplaced() {
        String newer = upload(nativeNotice("late-1", "2", "2030-02-01T00:00:00Z"));
        String older = upload(nativeNotice("late-1", "1", "2030-01-01T00:00:00Z"));
        assertThat(get(older).getString("supersededBy")).isEqualTo(newer);
        assertThat(get(newer).getString("supersededBy")).isNull();
        assertThat(get(newer).getString("supersedes")).isNull();
        assertThat(listed("?q=lateversion")).containsExactly(newer);
        // and a third, newer still, replaces the current one
        String newest = upload(nativeNotice("late-1", "3", "2030-03-01T00:00:00Z"));
        assertThat(get(newest).getString("supersedes")).isEqualTo(newer);
        assertThat(listed("?q=lateversion")).containsExactly(newest);
        assertThat(listed("?q=lateversion&includeSuperseded=true")).containsExactly(newest, newer, older);
    }

    private static JsonObject nativeNotice(String sourceId, String version, String publishedAt) {
        return new JsonObject().put("sourceId", sourceId).put("version", version).put("title", "lateversion notice")
                .put("publishedAt", publishedAt)
                .put("lots", new JsonArray().add(new JsonObject().put("lotId", "LOT-0001").put("title", "lateversion lot")
                        .put("mainCpv", "90910000")));
    }

    private static String upload(JsonObject notice) {
        HttpResponse<Buffer> r = client.upload(TestApp.ADMIN_KEY, "application/json",
                notice.encode().getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(202);
        return json(r).getJsonArray("notices").getJsonObject(0).getString("id");
    }
}
