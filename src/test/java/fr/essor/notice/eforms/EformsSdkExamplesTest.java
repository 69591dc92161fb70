package fr.essor.notice.eforms;

import fr.essor.http.FieldError;
import fr.essor.http.ProblemException;
import fr.essor.notice.Notice;
import fr.essor.notice.NoticeCorpus;
import fr.essor.notice.ParseOutcome;
import fr.essor.notice.Reservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static fr.essor.notice.NoticeCorpus.EFORMS_SDK;
import static fr.essor.notice.NoticeCorpus.eforms;
import static fr.essor.notice.NoticeCorpus.lot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every example notice of the eForms SDK 1.15.1, and real values read from a good sample of them. */
class EformsSdkExamplesTest {

    /** Business registration notices: XML, eForms, but no procurement → 422. */
    private static final Set<String> NOT_PROCUREMENT = Set.of("X01_EEIG.xml", "X02_registration.xml");

    /**
     * INVALID examples with nothing to identify or match (no notice id, empty lots): refused, naming BT-701.
     * The two other INVALID examples are usable and taken with their problems listed (see below).
     */
    private static final Set<String> REFUSED = Set.of(
            "INVALID_can_24_empty.xml", "INVALID_can_24_stage-1.xml", "INVALID_can_24_stage-2.xml",
            "INVALID_cn_24_empty.xml", "INVALID_cn_24_stage-1.xml", "INVALID_cn_24_stage-2.xml",
            "INVALID_pin-buyer_24_stage-1.xml", "INVALID_pin-only_24_empty.xml", "INVALID_pin-only_24_minimal.xml",
            "INVALID_pin-only_24_stage-1.xml");

    private static final Pattern NOTICE_ID = Pattern.compile("<cbc:ID schemeName=\"notice-id\">([^<]+)</cbc:ID>");
    private static final Pattern VERSION = Pattern.compile("<cbc:VersionID>([^<]+)</cbc:VersionID>");
    private static final Pattern TYPE = Pattern.compile("<cbc:NoticeTypeCode[^>]*>([^<]+)<");
    private static final Pattern LOT_IDS = Pattern.compile(
            "<cac:ProcurementProjectLot>(?:\\s|<!--.*?-->)*<cbc:ID schemeName=\"(?:Lot|Part)\">([^<]+)<", Pattern.DOTALL);

    static List<Path> files() {
        return NoticeCorpus.files(EFORMS_SDK, ".xml");
    }

    @Test
    void the_corpus_holds_all_92_sdk_examples() {
        assertThat(files()).hasSize(92);
        Set<String> names = files().stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        assertThat(names).containsAll(NOT_PROCUREMENT).containsAll(REFUSED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void each_example_has_its_outcome(Path file) {
        String name = file.getFileName().toString();
        if (NOT_PROCUREMENT.contains(name)) {
            ProblemException e = catchThrowableOfType(ProblemException.class, () -> NoticeCorpus.xml(file));
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.detail()).contains("business registration");
            return;
        }
        ParseOutcome outcome = NoticeCorpus.xml(file);
        assertThat(outcome.items()).hasSize(1);
        if (REFUSED.contains(name)) {
            assertThat(outcome.rejected()).hasSize(1);
            assertThat(outcome.rejected().get(0).errors()).extracting(FieldError::field).contains("BT-701-notice");
            return;
        }
        assertThat(outcome.accepted()).as(name + " " + outcome.items()).hasSize(1);
        assertTakenAsWritten(outcome.notices().get(0), NoticeCorpus.text(file));
    }

    /** What the file says, read here with plain regular expressions, is what the notice holds. */
    private static void assertTakenAsWritten(Notice n, String xml) {
        assertThat(n.source()).isEqualTo("eforms");
        assertThat(n.sourceId()).isEqualTo(first(NOTICE_ID, xml));
        assertThat(n.version()).isEqualTo(first(VERSION, xml));
        assertThat(n.lightRegime()).isEqualTo(first(TYPE, xml).endsWith("-social"));
        List<String> lotIds = n.lots().stream().map(Notice.Lot::lotId).toList();
        List<String> written = all(LOT_IDS, xml);
        assertThat(lotIds).isEqualTo(written.isEmpty() ? List.of("LOT-0000") : written);
        assertThat(lotIds).allMatch(id -> id.matches("(LOT|PAR)-\\d{4}")).doesNotHaveDuplicates();
        assertThat(n.lots()).allMatch(l -> l.reservation() != null && l.socialConsiderations() != null);
        assertThat(n.lots()).anyMatch(l -> l.mainCpv() != null && l.mainCpv().matches("\\d{8}"));
    }

    private static String first(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1).strip() : null;
    }

    private static List<String> all(Pattern p, String s) {
        Matcher m = p.matcher(s);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1).strip());
        }
        return out;
    }

    // ---------------------------------------------------------------- real values

    @Test
    void hundred_lots_all_read() {
        Notice n = eforms("cn_24_maximal_100_lots.xml");
        assertThat(n.lots()).hasSize(100);
        assertThat(n.lots().get(0).lotId()).isEqualTo("LOT-0001");
        assertThat(n.lots().get(99).lotId()).isEqualTo("LOT-0100");
        assertThat(new HashSet<>(n.lots().stream().map(Notice.Lot::mainCpv).toList())).containsExactly("75121000");
        // restricted procedure: the deadline is BT-1311, for requests to participate
        assertThat(n.lots().get(0).deadline()).isEqualTo(OffsetDateTime.parse("2023-05-22T20:59:32+01:00"));
        assertThat(n.deadline()).isEqualTo(OffsetDateTime.parse("2023-05-22T20:59:32+01:00"));
    }

    @Test
    void maximal_contract_notice() {
        Notice n = eforms("cn_24_maximal.xml");
        assertThat(n.sourceId()).isEqualTo("14549263-b47b-4e59-96a1-2d0d13e19343");
        assertThat(n.version()).isEqualTo("03");
        assertThat(n.title()).isEqualTo("Procurement Title ---");
        assertThat(n.contractNature()).isEqualTo("services");
        assertThat(n.buyer()).isEqualTo(new Notice.Buyer("Financial Adinistration for ...", "998298", "other")); // body-pl
        assertThat(n.publishedAt()).isEqualTo(OffsetDateTime.parse("2023-03-23T20:59:32+01:00"));
        // GLO-0001 groups the two lots and is not one
        assertThat(n.lots()).extracting(Notice.Lot::lotId).containsExactly("LOT-0001", "LOT-0002");
        Notice.Lot lot1 = lot(n, "LOT-0001");
        assertThat(lot1.title()).isEqualTo("Title ---");
        assertThat(lot1.mainCpv()).isEqualTo("75121000");
        assertThat(lot1.place()).isEqualTo(new Notice.Place(List.of("LU000"), "1234", "Luxembourg", null, null));
        assertThat(lot1.estimatedValue()).isEqualTo(new Notice.Money(new BigDecimal("9999999.99"), "EUR"));
        assertThat(lot1.reservation()).isEqualTo(Reservation.PUBLIC_SERVICE_MISSION); // res-pub-ser
        assertThat(lot1.reservedExecution()).isTrue();
        assertThat(lot1.socialConsiderations()).containsExactly("social-objective:acc-all");
        // no BT-36: planned period 2023-01-01 to 2023-05-23, 143 days
        assertThat(lot1.durationMonths()).isEqualTo(4.70);
        assertThat(lot(n, "LOT-0002").reservation()).isEqualTo(Reservation.NONE);
    }

    @Test
    void values_currencies_and_durations() {
        Notice open = eforms("cn_24_open.xml");
        Notice.Lot lot = open.lots().get(0);
        assertThat(lot.estimatedValue()).isEqualTo(new Notice.Money(new BigDecimal("500000"), "EUR"));
        assertThat(lot.durationMonths()).isEqualTo(36.0); // 36 MONTH
        assertThat(lot.mainCpv()).isEqualTo("71630000");
        assertThat(lot.additionalCpv()).containsExactly("71314100", "50300000", "31600000");
        assertThat(open.buyer().kind()).isEqualTo("local");
        // 55 DAY / 30.44
        assertThat(eforms("cn_24_open_accel.xml").lots().get(0).durationMonths()).isEqualTo(1.81);
        assertThat(eforms("cn_24_open_accel.xml").lots().get(0).estimatedValue())
                .isEqualTo(new Notice.Money(new BigDecimal("291934.6"), "EUR"));
        // 4 YEAR
        assertThat(eforms("pin-only_81.xml").lots().get(0).durationMonths()).isEqualTo(48.0);
        assertThat(eforms("cn-social_25.xml").lots().get(0).estimatedValue())
                .isEqualTo(new Notice.Money(new BigDecimal("1231"), "BWP"));
    }

    @Test
    void light_regime_for_social_subtypes_only() {
        assertThat(eforms("cn-social_24.xml").lightRegime()).isTrue();   // subtype 20
        assertThat(eforms("cn-social_25.xml").lightRegime()).isTrue();   // 21
        assertThat(eforms("can-social_23.xml").lightRegime()).isTrue();  // 35
        assertThat(eforms("pin-cfc-social_24.xml").lightRegime()).isTrue(); // 12
        assertThat(eforms("subco_81.xml").lightRegime()).isFalse();     // 22 is a subcontracting notice
        assertThat(eforms("cn_24_open.xml").lightRegime()).isFalse();
    }

    @Test
    void sheltered_workshop_reservations() {
        // res-ws, and nothing in the texts names one kind of structure
        Notice.Lot pin = eforms("pin-cfc-social_24.xml").lots().get(0);
        assertThat(pin.reservation()).isEqualTo(Reservation.SHELTERED_OR_INTEGRATION);
        Notice.Lot rtl = eforms("pin-rtl_81.xml").lots().get(0);
        assertThat(rtl.reservation()).isEqualTo(Reservation.SHELTERED_OR_INTEGRATION);
        assertThat(rtl.reservedExecution()).isTrue();
    }

    @Test
    void french_buyers_and_places() {
        Notice contest = eforms("cn-desg_24.xml");
        assertThat(contest.buyer()).isEqualTo(new Notice.Buyer(
                "Communauté de Communes de la Vallée de la Doller et du Soultzbach", "24680067600016", "local"));
        assertThat(contest.lots().get(0).place().nuts()).containsExactly("FRF12");
        assertThat(contest.problems()).isEmpty();
        Notice concession = eforms("cn_23.xml");
        assertThat(concession.buyer().siret()).isEqualTo("20007158700014");
        assertThat(concession.lots().get(0).place().nuts()).containsExactly("FRB04");

        Notice rouen = eforms("cn_24_FRA_comments.xml");
        assertThat(rouen.buyer().name()).isEqualTo("Rouen Habitat");
        assertThat(rouen.buyer().kind()).isEqualTo("local"); // pub-undert-la
        assertThat(rouen.lots()).extracting(l -> l.place().nuts()).containsOnly(List.of("FRD22"));
        // the example's company id is a placeholder, and said so
        assertThat(rouen.buyer().siret()).isEqualTo("123456789");
        assertThat(rouen.problems()).anyMatch(p -> p.startsWith("BT-501") && p.contains("123456789"));
    }

    @Test
    void multilingual_notice_is_read_in_french() {
        Notice n = eforms("cn_24_multilingual.xml");
        assertThat(n.buyer().name()).isEqualTo("Office des publications de l'Union européenne");
        assertThat(n.title()).startsWith("Fourniture de services informatiques");
        assertThat(n.lots().get(0).estimatedValue()).isEqualTo(new Notice.Money(new BigDecimal("4500000"), "EUR"));
    }

    @Test
    void prior_information_parts_and_notices_without_lots() {
        Notice parts = eforms("pin-only_24_lots.xml");
        assertThat(parts.lots()).hasSize(10);
        assertThat(parts.lots().get(0).lotId()).isEqualTo("PAR-0001");
        assertThat(parts.lots().get(0).title()).isEqualTo("General Building Materials");
        assertThat(parts.lots().get(0).mainCpv()).isEqualTo("44111000");
        // a buyer-profile PIN has no lot element: the procedure is its lot
        Notice buyerProfile = eforms("pin-buyer_24.xml");
        assertThat(buyerProfile.lots()).singleElement().satisfies(l -> {
            assertThat(l.lotId()).isEqualTo("LOT-0000");
            assertThat(l.mainCpv()).isEqualTo("33157000");
            assertThat(l.place().nuts()).containsExactly("ITC33");
        });
    }

    @Test
    void change_notices_supersede_the_notice_they_change() {
        assertThat(eforms("change-cn_24_open_dates.xml").supersedes()).isEqualTo("c4c415ee-ac08-4465-8fa6-57568cf69462");
        assertThat(eforms("change-cn_24_cumbria_suppliers.xml").supersedes()).isEqualTo("6bc75979-ce6c-46eb-81a6-eee543697dec");
        // the changed notice is itself in the corpus
        assertThat(eforms("cn_24_open.xml").sourceId()).isEqualTo("c4c415ee-ac08-4465-8fa6-57568cf69462");
        assertThat(eforms("cn_24_open.xml").supersedes()).isNull();
        // the changed deadline
        assertThat(eforms("change-cn_24_open_dates.xml").deadline()).isEqualTo(OffsetDateTime.parse("2020-06-12T12:00+01:00"));
    }

    @Test
    void usable_invalid_examples_are_taken_with_their_problems() {
        Notice change = eforms("INVALID_change-cn_24_FRA_comments.xml");
        assertThat(change.supersedes()).isEqualTo("da4d46e9-490b-41ff-a2ae-8166d356a619");
        assertThat(change.problems()).anyMatch(p -> p.startsWith("BT-13716-notice") && p.contains("describes no change"));
        assertThat(lot(change, "LOT-0002").reservation()).isEqualTo(Reservation.SHELTERED_OR_INTEGRATION);

        Notice multiple = eforms("INVALID_cn_24_multiple.xml");
        assertThat(multiple.lots()).hasSize(2);
        assertThat(multiple.problems()).anyMatch(p -> p.startsWith("BT-262-Lot[LOT-0001]") && p.contains("2 main classifications"));
    }

    @Test
    void empty_invalid_examples_are_refused_naming_what_is_missing() {
        ParseOutcome o = NoticeCorpus.xml(EFORMS_SDK.resolve("INVALID_cn_24_stage-1.xml"));
        assertThat(o.rejected().get(0).errors()).extracting(FieldError::field)
                .containsExactly("BT-701-notice", "BT-137-Lot", "BT-137-Lot");
        assertThat(o.rejected().get(0).errors()).extracting(FieldError::message)
                .anyMatch(m -> m.contains("lot #1 has no identifier"))
                .anyMatch(m -> m.contains("nothing to match"));
    }

    @Test
    void reserved_execution_and_social_objectives() {
        Notice.Lot lot = eforms("veat_81.xml").lots().get(1);
        assertThat(lot.socialConsiderations()).containsExactly("social-objective:hum-right", "social-objective:opp");
        assertThat(eforms("pin-rtl_24.xml").lots().get(0).socialConsiderations())
                .containsExactly("social-objective:et-eq", "social-objective:acc-all", "social-objective:opp");
    }
}
