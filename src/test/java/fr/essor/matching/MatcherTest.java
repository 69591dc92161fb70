package fr.essor.matching;

import fr.essor.notice.Notice;
import fr.essor.notice.Reservation;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Enterprise;
import fr.essor.registry.index.EnterpriseIndex;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import static fr.essor.registry.Category.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The matcher over a real Lucene index of a few enterprises around Montreuil and one in Lyon. */
class MatcherTest {
    private static final Clock CLOCK = IndexedMatcher.CLOCK;
    private static final ReferenceData REF = ReferenceData.get();
    private static final MatchingConfig CONFIG = TestData.config();
    private static IndexedMatcher indexed;
    private static EnterpriseIndex index;
    private static Matcher matcher;
    private static LotPlace montreuil;

    @TempDir
    static Path folder;

    @BeforeAll
    static void index() throws Exception {
        montreuil = new PlaceResolver(REF.geography()).postcode("93100", null).orElseThrow();
        double lat = montreuil.lat();
        double lon = montreuil.lon();
        List<Enterprise> all = List.of(
                TestData.enterprise("11111111111111", ACI, ESUS).name("Propreté Solidaire").naf("81.21Z").at(lat, lon + 0.02).build(),
                TestData.enterprise("22222222222222", GEIQ).name("GEIQ Propreté").naf("81.21Z").at(lat, lon + 0.03).build(),
                TestData.enterprise("33333333333333", EI, ESUS).name("Jardins du Parc").naf("81.30Z").at(lat, lon + 0.01).build(),
                TestData.enterprise("44444444444444", ACI, ESUS).name("Propreté Rhône").naf("81.21Z").at(45.76, 4.84).build(),
                TestData.enterprise("55555555555555", EA, ESUS).name("EA Services").naf("88.10C").cpv("90919200-4")
                        .at(lat + 0.02, lon).employees(40).build(),
                TestData.enterprise("66666666666666", ACI, ESUS).name("Propreté Solidaire").naf("81.21Z").at(lat, lon + 0.02).build());
        indexed = IndexedMatcher.of(folder.resolve("index"), all);
        index = indexed.index;
        matcher = indexed.matcher;
    }

    @AfterAll
    static void close() throws Exception {
        indexed.close();
    }

    private static LotDescription lot(Reservation reservation) {
        return new LotDescription(null, "Nettoyage des bureaux de la mairie", List.of("90919200"), montreuil,
                reservation, 120_000.0, 120_000.0, 12.0, "services", "local", false, LocalDate.of(2026, 9, 1));
    }

    @Test
    void aReservedLotShowsOnlyEligibleEnterprisesBestFirst() {
        MatchResult r = matcher.match(lot(Reservation.INTEGRATION), ScoringPolicy.of(CONFIG), 0, 20);
        // the GEIQ and the EA are not eligible; the Lyon one is beyond maxDistanceKm of Montreuil
        assertThat(r.items()).extracting(MatchItem::siret).startsWith("11111111111111", "66666666666666")
                .doesNotContain("22222222222222", "55555555555555", "44444444444444");
        assertThat(r.total()).isEqualTo(r.items().size());
        assertThat(r.items()).allSatisfy(i -> {
            assertThat(i.eligibility().eligible()).isTrue();
            assertThat(i.eligibility().article()).startsWith("L2113-13");
        });
        // equal scores at equal distance are ordered by SIRET
        assertThat(r.items().get(0).score()).isEqualTo(r.items().get(1).score());
        // every eligible enterprise within reach is listed: the gardener too, last, its activity being another
        assertThat(r.items()).extracting(MatchItem::siret).containsExactly("11111111111111", "66666666666666", "33333333333333");
        assertThat(r.items().get(2).components().cpv().code()).isEqualTo(ReasonCodes.CPV_NO_OVERLAP);
    }

    @Test
    void anUnreservedLotShowsEveryoneWithTheNoneEligibility() {
        MatchResult r = matcher.match(lot(Reservation.NONE), ScoringPolicy.of(CONFIG), 0, 20);
        assertThat(r.items()).extracting(MatchItem::siret).contains("22222222222222", "55555555555555");
        assertThat(r.items()).allSatisfy(i -> assertThat(i.eligibility().toJson())
                .isEqualTo(new JsonObject().put("reservation", "none").putNull("article").put("code", "not-reserved")
                        .put("reason", "lot not reserved: open to all")));
        MatchItem ea = r.items().stream().filter(i -> i.siret().equals("55555555555555")).findFirst().orElseThrow();
        assertThat(ea.components().cpv().value()).isEqualTo(1.0);
        assertThat(ea.components().cpv().reason()).contains("declared");
        assertThat(ea.components().capacity().reason()).contains("40 employees");
    }

    @Test
    void itemsHaveTheContractShapeAndTheScoreIsTheWeightedSum() {
        MatchItem item = matcher.match(lot(Reservation.SHELTERED_OR_INTEGRATION), ScoringPolicy.of(CONFIG), 0, 1).items().get(0);
        JsonObject json = item.toJson();
        assertThat(json.fieldNames()).containsExactlyInAnyOrder("siret", "name", "categories", "score", "eligible",
                "eligibility", "distanceKm", "components");
        assertThat(json.getJsonObject("components").fieldNames())
                .containsExactlyInAnyOrder("text", "cpv", "geo", "capacity", "preference");
        double sum = 0;
        double weights = 0;
        for (String c : json.getJsonObject("components").fieldNames()) {
            JsonObject comp = json.getJsonObject("components").getJsonObject(c);
            assertThat(comp.fieldNames()).containsExactlyInAnyOrder("value", "weight", "code", "reason");
            assertThat(comp.getString("code")).matches("[a-z0-9]+(-[a-z0-9]+)*");
            sum += comp.getDouble("value") * comp.getDouble("weight");
            weights += comp.getDouble("weight");
        }
        assertThat(weights).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(json.getDouble("score")).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(json.getJsonObject("components").getJsonObject("text").getString("reason")).contains("shared terms: nettoyage");
        assertThat(json.getJsonArray("categories").contains("ESUS")).isTrue();
    }

    @Test
    void pagesFollowTheSameOrder() {
        List<String> all = matcher.match(lot(Reservation.NONE), ScoringPolicy.of(CONFIG), 0, 20).items().stream()
                .map(MatchItem::siret).toList();
        MatchResult second = matcher.match(lot(Reservation.NONE), ScoringPolicy.of(CONFIG), 1, 2);
        assertThat(second.items()).extracting(MatchItem::siret).containsExactlyElementsOf(all.subList(2, 4));
    }

    @Test
    void aNoticeLotIsDescribedWithItsBuyerAndPlace() {
        Notice.Lot lot = new Notice.Lot("LOT-0002", "Entretien des espaces verts", "Tonte et taille", "77310000-6",
                List.of("77340000-5", "bad"), new Notice.Place(List.of("FR106"), "93100", "Montreuil", null, null),
                new Notice.Money(new BigDecimal("90000"), "EUR"), 36.0, null, Reservation.INTEGRATION, false, List.of());
        Notice.Lot other = new Notice.Lot("LOT-0001", "Nettoyage", null, "90910000", List.of(), null,
                new Notice.Money(new BigDecimal("150000"), "EUR"), 12.0, null, Reservation.NONE, false, List.of());
        Notice notice = new Notice(null, "eforms", "n-1", "01", "Marchés de la ville", new Notice.Buyer("Ville", null, "local"),
                "services", false, OffsetDateTime.parse("2026-10-01T00:00:00Z"), null, null, List.of(), List.of(other, lot));
        LotDescription d = new NoticeLots(new PlaceResolver(REF.geography()), CLOCK).describe(notice, lot);
        assertThat(d.lotId()).isEqualTo("LOT-0002");
        assertThat(d.text()).isEqualTo("Entretien des espaces verts\nTonte et taille");
        assertThat(d.cpv()).containsExactly("77310000", "77340000");
        assertThat(d.place().department()).isEqualTo("93");
        assertThat(d.estimatedValue()).isEqualTo(90_000.0);
        assertThat(d.contractValue()).isEqualTo(240_000.0);
        assertThat(d.yearlyValue()).isEqualTo(30_000.0);
        assertThat(d.buyerKind()).isEqualTo("local");
        assertThat(d.consultationDate()).isEqualTo(LocalDate.of(2026, 10, 1));
        assertThat(SocialCondition.assess(d, CONFIG).required()).isTrue();

        MatchResult r = matcher.match(d, ScoringPolicy.of(CONFIG), 0, 20);
        assertThat(r.items()).extracting(MatchItem::siret).first().isEqualTo("33333333333333");
        assertThat(r.lotCheck().state()).isEqualTo(LotCheck.State.HOLDS);
    }

    @Test
    void theServiceAnswersTheAdHocRoutesInTheirShapes() {
        MatchingService service = new MatchingService(CONFIG, REF, index, CLOCK);
        JsonObject page = new JsonObject(service.match(new JsonObject()
                .put("text", "Nettoyage des bureaux").put("cpv", new io.vertx.core.json.JsonArray().add("90919200-4"))
                .put("place", new JsonObject().put("postcode", "93100")).put("reservation", "integration").put("size", 1)));
        assertThat(page.fieldNames()).containsExactlyInAnyOrder("total", "totalRelation", "items");
        assertThat(page.getString("totalRelation")).isEqualTo("eq");
        assertThat(page.getJsonArray("items")).hasSize(1);
        assertThat(page.getInteger("total")).isGreaterThanOrEqualTo(2);
        assertThat(page.getJsonArray("items").getJsonObject(0).getString("siret")).isEqualTo("11111111111111");

        JsonObject entry = service.reservability(new JsonObject().put("text", "Nettoyage des bureaux")
                .put("place", new JsonObject().put("postcode", "93100")));
        assertThat(entry.fieldNames()).containsExactlyInAnyOrder("lotId", "bases", "recommendation", "socialConditionRequired");
        assertThat(entry.getValue("socialConditionRequired")).isNull();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> service.match(new JsonObject().put("size", 500)))
                .isInstanceOfSatisfying(fr.essor.http.ProblemException.class, p -> assertThat(p.status()).isEqualTo(422));
    }
}
