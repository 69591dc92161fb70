package fr.essor.notice;

import fr.essor.http.FieldError;
import fr.essor.http.ProblemException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The normalised notice as JSON: its shape, the round trip, and the native format's field checks. */
class NoticeJsonTest {

    private static List<Notice> realNotices() {
        List<Notice> all = new ArrayList<>();
        for (Path p : NoticeCorpus.files(NoticeCorpus.EFORMS_SDK, ".xml")) {
            try {
                all.addAll(NoticeCorpus.xml(p).notices());
            } catch (ProblemException e) {
                // X01/X02: no notice
            }
        }
        for (Path p : NoticeCorpus.files(NoticeCorpus.EFORMS_TED, ".xml")) {
            all.addAll(NoticeCorpus.xml(p).notices());
        }
        for (Path p : NoticeCorpus.files(NoticeCorpus.OCDS, ".json")) {
            all.addAll(NoticeCorpus.json(p).notices());
        }
        return all;
    }

    @Test
    void every_real_notice_survives_the_round_trip() {
        List<Notice> notices = realNotices();
        assertThat(notices).hasSize(80 + 32 + 57); // eForms SDK taken, TED, OCDS taken
        for (Notice n : notices) {
            JsonObject json = NoticeJson.toJson(n);
            Notice back = NoticeJson.fromJson(new JsonObject(json.encode()));
            assertThat(back).as(n.sourceId()).isEqualTo(n);
        }
    }

    @Test
    void the_shape_of_section_5() {
        Notice n = NoticeCorpus.eforms("cn_24_maximal.xml");
        n = new Notice(UUID.fromString("6f1c2a8e-1d2b-4c3d-9e8f-0a1b2c3d4e5f"), n.source(), n.sourceId(), n.version(), n.title(),
                n.buyer(), n.contractNature(), n.lightRegime(), n.publishedAt(), n.deadline(), n.supersedes(), n.problems(), n.lots());
        JsonObject json = new JsonObject(NoticeJson.toJson(n).encode());
        assertThat(json.fieldNames()).containsExactlyInAnyOrder("id", "source", "sourceId", "version", "title", "buyer",
                "contractNature", "lightRegime", "publishedAt", "deadline", "supersedes", "problems", "lots");
        assertThat(json.getString("id")).isEqualTo("6f1c2a8e-1d2b-4c3d-9e8f-0a1b2c3d4e5f");
        assertThat(json.getJsonObject("buyer").fieldNames()).containsExactlyInAnyOrder("name", "siret", "kind");
        assertThat(json.getString("publishedAt")).isEqualTo("2023-03-23T20:59:32+01:00");
        assertThat(json.getBoolean("lightRegime")).isFalse();
        JsonObject lot = json.getJsonArray("lots").getJsonObject(0);
        assertThat(lot.fieldNames()).containsExactlyInAnyOrder("lotId", "title", "description", "mainCpv", "additionalCpv",
                "place", "estimatedValue", "durationMonths", "deadline", "reservation", "reservedExecution", "socialConsiderations");
        assertThat(lot.getJsonObject("place").fieldNames()).containsExactlyInAnyOrder("nuts", "postcode", "city", "lat", "lon");
        assertThat(lot.getJsonObject("place").getJsonArray("nuts")).containsExactly("LU000");
        assertThat(lot.getJsonObject("estimatedValue").encode()).isEqualTo("{\"amount\":9999999.99,\"currency\":\"EUR\"}");
        assertThat(lot.getString("reservation")).isEqualTo("public-service-mission");
        assertThat(lot.getString("deadline")).isEqualTo("2023-05-22T20:59:32+01:00");
        assertThat(lot.getDouble("durationMonths")).isEqualTo(4.70);
        assertThat(lot.getJsonArray("socialConsiderations")).containsExactly("social-objective:acc-all");
    }

    private static JsonObject minimal() {
        return new JsonObject().put("sourceId", "REGION-IDF-2026-042").put("title", "Entretien des espaces verts")
                .put("lots", new JsonArray().add(new JsonObject().put("lotId", "LOT-0001").put("mainCpv", "77310000")));
    }

    private static ParseOutcome nativeBody(Object json) {
        String body = json instanceof JsonObject o ? o.encode() : ((JsonArray) json).encode();
        return NoticeParsers.parse("application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void a_minimal_native_notice() {
        Notice n = nativeBody(minimal()).notices().get(0);
        assertThat(n.source()).isEqualTo("native");
        assertThat(n.sourceId()).isEqualTo("REGION-IDF-2026-042");
        assertThat(n.lots()).singleElement().satisfies(l -> {
            assertThat(l.mainCpv()).isEqualTo("77310000");
            assertThat(l.reservation()).isEqualTo(Reservation.NONE);
            assertThat(l.additionalCpv()).isEmpty();
        });
        assertThat(n.problems()).isEmpty();
    }

    @Test
    void every_bad_field_is_named_by_its_path() {
        JsonObject bad = minimal().put("contractNature", "goods").put("publishedAt", "yesterday")
                .put("buyer", new JsonObject().put("kind", "regional"));
        JsonArray lots = bad.getJsonArray("lots");
        lots.add(new JsonObject().put("lotId", "LOT-0002").put("mainCpv", "7731").put("reservation", "esat")
                .put("estimatedValue", new JsonObject().put("amount", -5).put("currency", "euro")));
        lots.add(new JsonObject().put("lotId", "LOT-0003").put("mainCpv", "abc")
                .put("additionalCpv", new JsonArray().add("45000000").add(12))
                .put("place", new JsonObject().put("nuts", new JsonArray().add("Île-de-France")).put("lat", 91).put("lon", 2.3))
                .put("durationMonths", 1e6).put("deadline", "2026-13-01"));
        lots.add(new JsonObject().put("lotId", "LOT-0001").put("title", "again"));
        ParseOutcome o = nativeBody(bad);
        assertThat(o.rejected()).hasSize(1);
        assertThat(o.rejected().get(0).errors()).extracting(FieldError::field).containsExactlyInAnyOrder(
                "contractNature", "publishedAt", "buyer.kind",
                "lots[1].mainCpv", "lots[1].reservation", "lots[1].estimatedValue.amount", "lots[1].estimatedValue.currency",
                "lots[2].mainCpv", "lots[2].additionalCpv[1]", "lots[2].place.nuts[0]", "lots[2].place.lat",
                "lots[2].durationMonths", "lots[2].deadline",
                "lots[3].lotId");
    }

    @Test
    void from_json_throws_422_with_the_errors() {
        ProblemException e = catchThrowableOfType(ProblemException.class,
                () -> NoticeJson.fromJson(new JsonObject().put("lots", new JsonArray())));
        assertThat(e.status()).isEqualTo(422);
        assertThat(e.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("sourceId", "lots");
    }

    @Test
    void missing_main_cpv_is_a_problem_not_a_refusal() {
        JsonObject j = minimal();
        j.getJsonArray("lots").getJsonObject(0).remove("mainCpv");
        j.getJsonArray("lots").getJsonObject(0).put("title", "Tonte et taille");
        Notice n = nativeBody(j).notices().get(0);
        assertThat(n.problems()).containsExactly("lots[0].mainCpv: no main CPV code");
        // a lot with nothing to match is refused
        j.getJsonArray("lots").getJsonObject(0).remove("title");
        assertThat(nativeBody(j).rejected().get(0).errors()).extracting(FieldError::field).containsExactly("lots[0]");
    }

    @Test
    void numbers_too_large_for_a_value_are_field_errors() {
        for (String amount : List.of("1e400", "1" + "0".repeat(300), "1e16")) {
            String body = "{\"sourceId\":\"X\",\"lots\":[{\"lotId\":\"LOT-0001\",\"mainCpv\":\"77310000\","
                    + "\"estimatedValue\":{\"amount\":" + amount + ",\"currency\":\"EUR\"}}]}";
            ParseOutcome o = NoticeParsers.parse("application/json", body.getBytes(StandardCharsets.UTF_8));
            assertThat(o.rejected()).as(amount).singleElement().satisfies(r ->
                    assertThat(r.errors()).extracting(FieldError::field).containsExactly("lots[0].estimatedValue.amount"));
        }
    }

    @Test
    void ndjson_takes_each_line_alone() {
        String good = minimal().encode();
        String noLots = new JsonObject().put("sourceId", "B").encode();
        String body = good + "\n\n{not json\n" + noLots + "\r\n" + "[1,2]\n" + minimal().put("sourceId", "C").encode() + "\n";
        ParseOutcome o = NoticeParsers.parse("application/x-ndjson", body.getBytes(StandardCharsets.UTF_8));
        assertThat(o.items()).hasSize(5);
        assertThat(o.accepted()).extracting(a -> a.notice().sourceId()).containsExactly("REGION-IDF-2026-042", "C");
        assertThat(o.rejected()).hasSize(3);
        assertThat(o.rejected().get(0).errors().get(0).field()).isEqualTo("line 3");
        assertThat(o.rejected().get(1).errors()).extracting(FieldError::field).containsExactly("lots");
        assertThat(o.rejected().get(2).errors().get(0).field()).isEqualTo("line 5");
        assertThat(o.items()).extracting(ParseOutcome.Item::index).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void a_json_array_mixes_native_notices_and_ocds_releases() {
        JsonObject release = new JsonObject(NoticeCorpus.text(NoticeCorpus.OCDS.resolve(
                "fictional-example-1.1/ocds-213czf-000-00001-02-tender.json"))).getJsonArray("releases").getJsonObject(0);
        JsonArray body = new JsonArray().add(minimal()).add(release).add(new JsonObject().put("hello", "world")).add("text");
        ParseOutcome o = nativeBody(body);
        assertThat(o.items()).hasSize(4);
        assertThat(o.notices()).extracting(Notice::source).containsExactly("native", "ocds");
        assertThat(o.rejected()).extracting(ParseOutcome.Rejected::index).containsExactly(2, 3);
        assertThat(Set.copyOf(o.rejected().get(0).errors())).hasSize(1);
    }
}
