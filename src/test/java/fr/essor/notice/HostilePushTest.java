package fr.essor.notice;

import fr.essor.testing.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static fr.essor.notice.NoticeTestClient.await;
import static fr.essor.notice.NoticeTestClient.json;
import static fr.essor.notice.NoticeTestClient.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies written to hurt, pushed signed through HTTP: each is a 4xx problem, never a 5xx, and leaves no row; a
 * package with some bad items keeps the good ones and names the bad ones.
 */
class HostilePushTest extends IngestingServiceTest {
    @Test
    void hostileBodiesAreClientErrorsAndLeaveNothing() {
        byte[] real = read(NoticeTestClient.SDK.resolve("cn_24_open.xml"));
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("xxe", new Object[]{"application/xml", ("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM "
                + "\"file:///etc/passwd\">]><ContractNotice>&x;</ContractNotice>").getBytes(StandardCharsets.UTF_8)});
        cases.put("billion laughs", new Object[]{"application/xml", ("<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]><l>&c;</l>")
                .getBytes(StandardCharsets.UTF_8)});
        cases.put("truncated eForms", new Object[]{"application/xml", Arrays.copyOf(real, real.length / 2)});
        cases.put("deep JSON", new Object[]{"application/json", ("[".repeat(100_000) + "]".repeat(100_000))
                .getBytes(StandardCharsets.UTF_8)});
        cases.put("deep XML", new Object[]{"application/xml", ("<a>".repeat(50_000) + "</a>".repeat(50_000))
                .getBytes(StandardCharsets.UTF_8)});
        cases.put("latin-1 claimed as UTF-8", new Object[]{"application/json; charset=utf-8",
                "{\"sourceId\": \"caf\u00e9\", \"lots\": [".getBytes(StandardCharsets.ISO_8859_1)});
        cases.put("huge number", new Object[]{"application/json", ("{\"sourceId\":\"n\",\"lots\":[{\"lotId\":\"LOT-0001\","
                + "\"title\":\"t\",\"estimatedValue\":{\"amount\":1e999999999,\"currency\":\"EUR\"}}]}")
                .getBytes(StandardCharsets.UTF_8)});
        cases.put("not a notice", new Object[]{"application/json", "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8)});
        cases.put("wrong content type", new Object[]{"text/csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)});
        cases.put("empty", new Object[]{"application/xml", new byte[0]});
        String before = client.footprint();
        cases.forEach((name, c) -> {
            HttpResponse<Buffer> response = client.push((String) c[0], (byte[]) c[1]);
            assertThat(response.statusCode()).as(name + ": " + response.bodyAsString()).isBetween(400, 499);
            assertThat(response.getHeader("Content-Type")).as(name).startsWith("application/problem+json");
        });
        assertThat(client.footprint()).isEqualTo(before);
    }

    @Test
    void aBodyOverSixteenMebibytesIs413WhetherDeclaredOrChunked() {
        byte[] big = new byte[16 * 1024 * 1024 + 1];
        Arrays.fill(big, (byte) ' ');
        String before = client.footprint();
        HttpResponse<Buffer> declared = client.upload(TestApp.ADMIN_KEY, "application/xml", big);
        assertThat(declared.statusCode()).isEqualTo(413);

        HttpClient http = app.vertx().createHttpClient();
        HttpClientResponse chunked = await(http.request(new RequestOptions().setMethod(HttpMethod.POST)
                        .setHost("127.0.0.1").setPort(app.port()).setURI("/api/notices"))
                .compose(req -> {
                    req.setChunked(true).putHeader("Content-Type", "application/xml")
                            .putHeader("Authorization", "Bearer " + TestApp.ADMIN_KEY);
                    for (int i = 0; i < 17; i++) {
                        req.write(Buffer.buffer(new byte[1024 * 1024]));
                    }
                    req.end();
                    return req.response();
                }));
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(client.footprint()).isEqualTo(before);
    }

    @Test
    void aPackageWithSomeBadItemsKeepsTheGoodOnesAndNamesTheBad() {
        JsonObject good = new JsonObject().put("sourceId", "mixed-1").put("title", "Entretien des espaces verts")
                .put("lots", new JsonArray().add(new JsonObject().put("lotId", "LOT-0001").put("mainCpv", "77310000")));
        JsonObject bad = new JsonObject().put("sourceId", "mixed-2")
                .put("lots", new JsonArray().add(new JsonObject().put("lotId", "LOT-0001").put("mainCpv", "not-a-code")));
        JsonObject nul = new JsonObject().put("sourceId", "mixed-3").put("title", "before\u0000after")
                .put("lots", new JsonArray().add(new JsonObject().put("lotId", "LOT-0001").put("title", "x\u0000y")
                        .put("mainCpv", "90910000")));
        String ndjson = good.encode() + "\n" + bad.encode() + "\n" + nul.encode() + "\n";
        HttpResponse<Buffer> response = client.push("application/x-ndjson", ndjson.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(202);
        JsonObject result = json(response);
        assertThat(result.getJsonArray("notices")).hasSize(2);
        assertThat(result.getJsonArray("rejected")).hasSize(1);
        assertThat(result.getJsonArray("rejected").getJsonObject(0).getInteger("index")).isEqualTo(1);
        assertThat(result.getJsonArray("rejected").getJsonObject(0).getJsonArray("errors").getJsonObject(0)
                .getString("field")).contains("mainCpv");
        // PostgreSQL cannot hold U+0000: it is dropped, the notice kept
        String id = result.getJsonArray("notices").getJsonObject(1).getString("id");
        JsonObject stored = json(client.get("/api/notices/" + id));
        assertThat(stored.getString("title")).isEqualTo("beforeafter");

        // all bad: 422 naming each item, nothing kept
        String before = client.footprint();
        HttpResponse<Buffer> allBad = client.push("application/x-ndjson",
                (bad.encode() + "\n" + bad.copy().put("sourceId", "mixed-4").encode() + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(allBad.statusCode()).isEqualTo(422);
        JsonArray errors = json(allBad).getJsonArray("errors");
        assertThat(errors.stream().map(e -> ((JsonObject) e).getString("field")))
                .anyMatch(f -> f.startsWith("items[0]")).anyMatch(f -> f.startsWith("items[1]"));
        assertThat(client.footprint()).isEqualTo(before);
    }
}
