package fr.essor.notice;

import fr.essor.testing.Mutation;
import fr.essor.testing.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing the signed push (POST /api/notices) with real eForms, OCDS and native NDJSON files, damaged (see
 * {@link Mutation}): whatever arrives, never a 5xx, and never half a notice in PostgreSQL (a notice is stored with
 * all its lots or not at all). Seeds are fixed (jqwik prints them with each property's report); change
 * {@link #SEED} to explore further.
 */
class NoticeFuzzTest {
    static final String SEED = "1100110011";

    private static final List<Path> EFORMS = List.of(
            NoticeCorpus.EFORMS_SDK.resolve("cn_24_minimal.xml"),
            NoticeCorpus.EFORMS_SDK.resolve("cn_24_maximal.xml"),
            NoticeCorpus.EFORMS_SDK.resolve("pin-only_25.xml"),
            NoticeCorpus.EFORMS_SDK.resolve("can-modif_25.xml"));
    private static final List<Path> OCDS = List.of(
            NoticeCorpus.OCDS.resolve("fictional-example-1.1/ocds-213czf-000-00001-02-tender.json"),
            NoticeCorpus.OCDS.resolve("fictional-example-1.1/record/ocds-213czf-000-00001.json"),
            NoticeCorpus.OCDS.resolve("ukraine/sample/records/ocds-be6bcu-UA-2017-01-20-000582-a.json"));

    private static TestApp app;
    private static NoticeTestClient client;
    /** Native notices, one a line: the real eForms fixtures as essor normalised them, under new source ids. */
    private static byte[] ndjson;

    @BeforeContainer
    static void start() {
        System.out.println("NoticeFuzzTest: jqwik seed " + SEED);
        app = TestApp.start();
        client = new NoticeTestClient(app);
        StringBuilder lines = new StringBuilder();
        for (Path file : EFORMS) {
            HttpResponse<Buffer> r = client.upload(TestApp.ADMIN_KEY, "application/xml", NoticeCorpus.bytes(file));
            for (Object o : r.bodyAsJsonObject().getJsonArray("notices")) {
                JsonObject notice = client.get("/api/notices/" + ((JsonObject) o).getString("id")).bodyAsJsonObject();
                notice.remove("id");
                notice.remove("supersedes");
                notice.put("source", "native").put("sourceId", "fuzz-" + notice.getString("sourceId"));
                lines.append(notice.encode()).append('\n');
            }
        }
        ndjson = lines.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(client.push("application/x-ndjson", ndjson).statusCode()).isEqualTo(202);
    }

    @AfterContainer
    static void stop() {
        app.close();
    }

    @Property(tries = 150, seed = SEED)
    void damagedEformsNeverFailsNorStoresHalfANotice(@ForAll("eforms") byte[] file, @ForAll("mutations") List<Mutation> damage) {
        pushAndCheck("application/xml", Mutation.applyAll(file, damage), damage);
    }

    @Property(tries = 120, seed = SEED)
    void damagedOcdsNeverFailsNorStoresHalfANotice(@ForAll("ocds") byte[] file, @ForAll("mutations") List<Mutation> damage) {
        pushAndCheck("application/json", Mutation.applyAll(file, damage), damage);
    }

    @Property(tries = 120, seed = SEED)
    void damagedNdjsonNeverFailsNorStoresHalfANotice(@ForAll("mutations") List<Mutation> damage) {
        pushAndCheck("application/x-ndjson", Mutation.applyAll(ndjson, damage), damage);
    }

    @Provide
    Arbitrary<byte[]> eforms() {
        return Arbitraries.of(EFORMS).map(NoticeCorpus::bytes);
    }

    @Provide
    Arbitrary<byte[]> ocds() {
        return Arbitraries.of(OCDS).map(NoticeCorpus::bytes);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Mutation.some();
    }

    private static void pushAndCheck(String contentType, byte[] body, List<Mutation> damage) {
        HttpResponse<Buffer> r = client.push(contentType, body);
        Statistics.label("status").collect(r.statusCode());
        assertThat(r.statusCode()).as("%s after %s: %s", contentType, damage, r.bodyAsString()).isLessThan(500);
        if (r.statusCode() == 200 || r.statusCode() == 202) {
            JsonArray notices = r.bodyAsJsonObject().getJsonArray("notices");
            for (Object o : notices) {
                JsonObject n = (JsonObject) o;
                assertThat(client.count("SELECT count(*) FROM notice_lots WHERE notice_id = $1::uuid", n.getString("id")))
                        .as("lots stored for %s", n).isEqualTo(n.getLong("lots"));
            }
        }
        // across the whole database: every notice has exactly the lots its document lists
        assertThat(client.count("""
                SELECT count(*) FROM notices n WHERE coalesce(jsonb_array_length(n.document->'lots'), -1)
                    <> (SELECT count(*) FROM notice_lots l WHERE l.notice_id = n.id)""")).as("half-stored notices").isZero();
    }
}
