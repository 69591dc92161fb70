package fr.essor.notice.ocds;

import fr.essor.http.FieldError;
import fr.essor.notice.Notice;
import fr.essor.notice.NoticeCorpus;
import fr.essor.notice.NoticeParsers;
import fr.essor.notice.ParseOutcome;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static fr.essor.notice.NoticeCorpus.OCDS;
import static org.assertj.core.api.Assertions.assertThat;

/** Every OCDS sample: Armenia's release package, Ukraine's bare records and releases, the fictional example. */
class OcdsSamplesTest {

    /** accepted, skipped per file (nothing is refused in the samples). */
    private static final Map<String, int[]> EXPECTED = Map.ofEntries(
            Map.entry("6.json", new int[]{27, 73}),
            Map.entry("ocds-213czf-000-00001-01-planning.json", new int[]{0, 1}),
            Map.entry("ocds-213czf-000-00001-02-tender.json", new int[]{1, 0}),
            Map.entry("ocds-213czf-000-00001-03-tenderAmendment.json", new int[]{1, 0}),
            Map.entry("ocds-213czf-000-00001-04-award.json", new int[]{1, 0}),
            Map.entry("ocds-213czf-000-00001-05-contract.json", new int[]{0, 1}),
            Map.entry("ocds-213czf-000-00001-06-implementation.json", new int[]{0, 1}),
            Map.entry("ocds-213czf-000-00001.json", new int[]{3, 3}),
            Map.entry("ocds-213czf-000-00001-withversions.json", new int[]{1, 0}));

    static List<Path> files() {
        return NoticeCorpus.files(OCDS, ".json");
    }

    private static Path file(String name) {
        return files().stream().filter(p -> p.toString().endsWith(name)).findFirst().orElseThrow();
    }

    private static JsonObject jsonOf(Path p) {
        return new JsonObject(NoticeCorpus.text(p));
    }

    @Test
    void the_corpus_holds_32_files() {
        assertThat(files()).hasSize(32);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void each_file_gives_its_counts(Path file) {
        ParseOutcome o = NoticeCorpus.json(file);
        String name = file.getFileName().toString();
        // the fictional record file shares its name with the release package: tell them apart by folder
        int[] expected = file.getParent().endsWith("record") || name.startsWith("ocds-be6bcu") ? new int[]{1, 0}
                : EXPECTED.get(name);
        assertThat(expected).as("expectation for " + file).isNotNull();
        assertThat(o.rejected()).as(file + ": " + o.rejected()).isEmpty();
        assertThat(o.accepted()).as(file.toString()).hasSize(expected[0]);
        assertThat(o.skipped()).as(file.toString()).hasSize(expected[1]);
        for (Notice n : o.notices()) {
            assertThat(n.source()).isEqualTo("ocds");
            assertThat(n.sourceId()).isNotBlank().doesNotContainAnyWhitespaces();
            assertThat(n.version()).isNotBlank();
            assertThat(n.lots()).isNotEmpty();
        }
    }

    @Test
    void armenia_counts_match_the_file() {
        Path file = file("6.json");
        JsonArray releases = jsonOf(file).getJsonArray("releases");
        long withLots = releases.stream().map(JsonObject.class::cast)
                .filter(r -> r.getJsonObject("tender") != null && !r.getJsonObject("tender").getJsonArray("lots", new JsonArray()).isEmpty())
                .count();
        long planningOnly = releases.stream().map(JsonObject.class::cast)
                .filter(r -> r.getJsonArray("tag").getList().equals(List.of("planning")) && r.getValue("tender") == null)
                .count();
        assertThat(withLots).isEqualTo(27);
        assertThat(planningOnly).isEqualTo(73);

        ParseOutcome o = NoticeCorpus.json(file);
        assertThat(o.items()).hasSize(100);
        assertThat(o.skipped()).allMatch(s -> s.reason().startsWith("planning only"));
        // items keep the package's order: release 0 has a tender, release 1 is planning only
        assertThat(o.items().get(0)).isInstanceOf(ParseOutcome.Accepted.class);
        assertThat(o.items().get(1)).isInstanceOf(ParseOutcome.Skipped.class);
        Notice first = o.notices().get(0);
        assertThat(first.sourceId()).isEqualTo("AM-PPS-cd59b69d149e811de21d582805b28efa");
        assertThat(first.version()).isEqualTo("cd59b69d149e811de21d582805b28efa");
        assertThat(first.buyer()).isEqualTo(new Notice.Buyer("Constitutional Court RA", "AM-TIN-00018357", null));
        assertThat(first.contractNature()).isEqualTo("supplies"); // goods
        Notice.Lot lot = first.lots().get(0);
        assertThat(lot.lotId()).isEqualTo("048b3562-4c80-4d60-8b16-211bf9eede84");
        assertThat(lot.mainCpv()).isEqualTo("34330000"); // "34330000-9"; the CPV-AM additional code is not CPV
        assertThat(lot.additionalCpv()).isEmpty();
        assertThat(lot.estimatedValue()).isEqualTo(new Notice.Money(new BigDecimal("16000"), "AMD"));
        assertThat(lot.deadline()).isEqualTo(OffsetDateTime.parse("2016-06-23T11:00:00+04:00"));
        // the published contract period runs backwards (-6 days): said, not used
        assertThat(first.problems()).anyMatch(p -> p.contains("durationInDays"));
        assertThat(lot.durationMonths()).isNull();
    }

    @Test
    void armenia_release_ids_are_their_ocids_tail() {
        for (Notice n : NoticeCorpus.json(file("6.json")).notices()) {
            assertThat(n.sourceId()).isEqualTo("AM-PPS-" + n.version());
        }
    }

    @Test
    void fictional_example_tender_and_amendment() {
        Notice tender = NoticeCorpus.json(file("ocds-213czf-000-00001-02-tender.json")).notices().get(0);
        assertThat(tender.sourceId()).isEqualTo("ocds-213czf-000-00001");
        assertThat(tender.version()).isEqualTo("ocds-213czf-000-00001-02-tender");
        assertThat(tender.title()).isEqualTo("Planned cycle lane improvements");
        assertThat(tender.contractNature()).isEqualTo("works");
        assertThat(tender.buyer()).isEqualTo(new Notice.Buyer("London Borough of Barnet", "GB-LAC-E09000003", null));
        Notice.Lot lot = tender.lots().get(0);
        assertThat(lot.lotId()).isEqualTo("LOT-0000"); // a tender without lots
        assertThat(lot.mainCpv()).isEqualTo("45233130"); // written "45233130.0"
        assertThat(lot.additionalCpv()).containsExactly("45233162"); // "45233162-2"
        assertThat(lot.estimatedValue()).isEqualTo(new Notice.Money(new BigDecimal("1100000"), "GBP"));
        assertThat(lot.deadline()).isEqualTo(OffsetDateTime.parse("2010-04-01T18:00:00Z"));
        assertThat(lot.durationMonths()).isEqualTo(11.99); // 365 days
        assertThat(tender.problems()).isEmpty();

        Notice amended = NoticeCorpus.json(file("ocds-213czf-000-00001-03-tenderAmendment.json")).notices().get(0);
        assertThat(amended.sourceId()).isEqualTo(tender.sourceId());
        assertThat(amended.version()).isEqualTo("ocds-213czf-000-00001-03-tenderAmendment");
        assertThat(amended.deadline()).isEqualTo(OffsetDateTime.parse("2010-04-08T18:00:00Z"));

        ParseOutcome pkg = NoticeCorpus.json(file("fictional-example-1.1/ocds-213czf-000-00001.json"));
        assertThat(pkg.skipped()).extracting(ParseOutcome.Skipped::index).containsExactly(0, 4, 5);
        assertThat(pkg.skipped().get(0).reason()).startsWith("planning only");
        assertThat(pkg.skipped().get(1).reason()).startsWith("no tender");
    }

    @Test
    void fictional_records_through_their_compiled_release() {
        for (String name : List.of("record/ocds-213czf-000-00001.json", "record/ocds-213czf-000-00001-withversions.json")) {
            Notice n = NoticeCorpus.json(file(name)).notices().get(0);
            assertThat(n.sourceId()).isEqualTo("ocds-213czf-000-00001");
            assertThat(n.version()).isEqualTo("ocds-213czf-000-00001-2011-01-10T09:30:00Z");
            assertThat(n.deadline()).isEqualTo(OffsetDateTime.parse("2010-04-08T18:00:00Z")); // the amended one
            assertThat(n.lots().get(0).mainCpv()).isEqualTo("45233130");
        }
    }

    @Test
    void a_record_without_compiled_release_and_only_linked_releases_is_refused() {
        JsonObject pkg = jsonOf(file("record/ocds-213czf-000-00001.json"));
        pkg.getJsonArray("records").getJsonObject(0).remove("compiledRelease");
        ParseOutcome o = NoticeParsers.parse("application/json", pkg.encode().getBytes(StandardCharsets.UTF_8));
        assertThat(o.rejected()).singleElement().satisfies(r ->
                assertThat(r.errors()).extracting(FieldError::field).containsExactly("compiledRelease"));
    }

    @Test
    void ukraine_bare_records_and_their_releases_agree() {
        List<Path> records = files().stream().filter(p -> p.toString().contains("ukraine/sample/records")).toList();
        assertThat(records).hasSize(11);
        for (Path record : records) {
            String ocid = record.getFileName().toString().replace(".json", "");
            Notice fromRecord = NoticeCorpus.json(record).notices().get(0);
            Path release = files().stream().filter(p -> p.toString().contains("ukraine/sample/releases/" + ocid + "-")).findFirst().orElseThrow();
            Notice fromRelease = NoticeCorpus.json(release).notices().get(0);
            assertThat(fromRecord.sourceId()).isEqualTo(ocid).isEqualTo(fromRelease.sourceId());
            assertThat(fromRecord.version()).isEqualTo(jsonOf(record).getJsonObject("compiledRelease").getString("id"))
                    .isEqualTo(fromRelease.version());
            assertThat(fromRecord.lots()).extracting(Notice.Lot::mainCpv).isEqualTo(fromRelease.lots().stream().map(Notice.Lot::mainCpv).toList());
            assertThat(fromRecord.buyer().name()).isEqualTo(fromRelease.buyer().name());
        }
        Notice n = NoticeCorpus.json(file("ukraine/sample/records/ocds-be6bcu-UA-2016-06-07-000066-a.json")).notices().get(0);
        assertThat(n.buyer().siret()).isEqualTo("UA-EDR-26064374");
        Notice.Lot lot = n.lots().get(0);
        assertThat(lot.lotId()).isEqualTo("3e95d39a7c054fecb4cd6f4523fe6a4d");
        assertThat(lot.title()).isEqualTo("Профіль для стелі");
        assertThat(lot.mainCpv()).isEqualTo("44115000");
        assertThat(lot.estimatedValue()).isEqualTo(new Notice.Money(new BigDecimal("3600"), "UAH"));
        assertThat(lot.place()).isEqualTo(new Notice.Place(List.of(), "02091", "Київ", null, null));
        assertThat(lot.deadline()).isEqualTo(OffsetDateTime.parse("2016-06-15T07:22:00Z"));
    }

    @Test
    void a_record_without_compiled_release_uses_its_newest_embedded_release() {
        Path record = file("ukraine/sample/records/ocds-be6bcu-UA-2017-04-12-001619-b.json");
        JsonObject json = jsonOf(record);
        json.remove("compiledRelease");
        json.remove("versionedRelease");
        json.put("ocid", "ocds-be6bcu-UA-2017-04-12-001619-b");
        Notice n = NoticeParsers.parse("application/json", json.encode().getBytes(StandardCharsets.UTF_8)).notices().get(0);
        assertThat(n.version()).isEqualTo(json.getJsonArray("releases").getJsonObject(0).getString("id"));
        assertThat(n.lots().get(0).mainCpv()).isEqualTo("03220000");
    }

    @Test
    void the_same_release_twice_is_kept_twice() {
        JsonObject release = jsonOf(file("ocds-213czf-000-00001-02-tender.json")).getJsonArray("releases").getJsonObject(0);
        JsonObject pkg = new JsonObject().put("releases", new JsonArray().add(release).add(release.copy()));
        ParseOutcome o = NoticeParsers.parse("application/json", pkg.encode().getBytes(StandardCharsets.UTF_8));
        assertThat(o.accepted()).hasSize(2);
        assertThat(o.notices().get(0).sourceId()).isEqualTo(o.notices().get(1).sourceId());
        assertThat(o.notices().get(0).version()).isEqualTo(o.notices().get(1).version());
        // the same as a bare JSON array of releases
        String array = new JsonArray().add(release).add(release).encode();
        assertThat(NoticeParsers.parse("application/json", array.getBytes(StandardCharsets.UTF_8)).accepted()).hasSize(2);
    }

    @Test
    void lot_faults_are_named_by_their_place_in_the_release() {
        JsonObject release = jsonOf(file("ocds-213czf-000-00001-02-tender.json")).getJsonArray("releases").getJsonObject(0);
        JsonObject tender = release.getJsonObject("tender");
        tender.put("lots", new JsonArray()
                .add(new JsonObject().put("id", "A").put("title", "Lane A"))
                .add(new JsonObject().put("id", "B").put("title", "Lane B").put("value", new JsonObject().put("amount", 1e300).put("currency", "GBP")))
                .add(new JsonObject().put("id", "A").put("title", "Lane A again")));
        ParseOutcome o = NoticeParsers.parse("application/json", release.encode().getBytes(StandardCharsets.UTF_8));
        assertThat(o.rejected()).singleElement().satisfies(r -> assertThat(r.errors()).extracting(FieldError::field)
                .containsExactly("tender.lots[2].id", "tender.lots[1].value.amount"));

        // with sound lots, the items go to the lot they relate to
        tender.put("lots", new JsonArray().add(new JsonObject().put("id", "A").put("title", "Lane A"))
                .add(new JsonObject().put("id", "B").put("title", "Lane B")));
        tender.getJsonArray("items").getJsonObject(0).put("relatedLot", "B");
        Notice n = NoticeParsers.parse("application/json", release.encode().getBytes(StandardCharsets.UTF_8)).notices().get(0);
        assertThat(n.lots()).extracting(Notice.Lot::lotId).containsExactly("A", "B");
        assertThat(n.lots()).extracting(Notice.Lot::mainCpv).containsExactly(null, "45233130");
        assertThat(n.problems()).containsExactly("tender.lots[0]: no CPV code in the items' classifications");
    }

    @Test
    void french_buyer_identifiers_are_kept_as_siren_or_siret() {
        JsonObject release = jsonOf(file("ocds-213czf-000-00001-02-tender.json")).getJsonArray("releases").getJsonObject(0);
        JsonObject identifier = release.getJsonArray("parties").getJsonObject(0).getJsonObject("identifier");
        identifier.put("scheme", "FR-RCS").put("id", "246 800 676");
        Notice n = NoticeParsers.parse("application/json", release.encode().getBytes(StandardCharsets.UTF_8)).notices().get(0);
        assertThat(n.buyer().siret()).isEqualTo("246800676");
        assertThat(n.problems()).isEmpty();
        identifier.put("id", "246 800 677");
        n = NoticeParsers.parse("application/json", release.encode().getBytes(StandardCharsets.UTF_8)).notices().get(0);
        assertThat(n.problems()).containsExactly("parties: buyer id '246800677' is not a valid SIRET or SIREN");
    }
}
