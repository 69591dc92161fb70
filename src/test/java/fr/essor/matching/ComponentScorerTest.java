package fr.essor.matching;

import fr.essor.notice.Reservation;
import fr.essor.reference.Geography;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Enterprise;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static fr.essor.registry.Category.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ComponentScorerTest {
    private final MatchingConfig config = TestData.config();
    private final ReferenceData ref = ReferenceData.get();
    private final ComponentScorer scorer = new ComponentScorer(config, ref);
    // Montreuil (93100) and Paris centre, as the reference geography gives them
    private final LotPlace montreuil = new PlaceResolver(ref.geography()).postcode("93100", null).orElseThrow();

    private static LotDescription lot(Double value, Double months, String... cpv) {
        return new LotDescription(null, "", List.of(cpv), null, Reservation.NONE, value, value, months, null, null,
                null, LocalDate.of(2026, 9, 1));
    }

    @Test
    void textSaturatesTheBm25ScoreAndListsSharedTerms() {
        double k = config.textSaturation();
        ScoreComponent c = scorer.text(k, List.of("nettoyage", "locaux"), 0.3);
        assertThat(c.value()).isEqualTo(0.5);
        assertThat(c.weight()).isEqualTo(0.3);
        assertThat(c.reason()).contains("shared terms: nettoyage, locaux");
        assertThat(scorer.text(3 * k, List.of(), 0.3).value()).isEqualTo(0.75);
        assertThat(scorer.text(0, List.of(), 0.3).value()).isZero();
        assertThat(scorer.text(0, List.of(), 0.3).reason()).isEqualTo("no term in common with the lot");
    }

    @Test
    void sharedTermsAreReadWithTheAnalyzerAndShownAsWritten() {
        TermExtractor terms = new TermExtractor(new org.apache.lucene.analysis.fr.FrenchAnalyzer());
        List<String> shared = terms.shared(terms.terms("Nettoyage des locaux de la mairie"),
                "Entreprise de nettoyage de bureaux et locaux professionnels");
        assertThat(shared).containsExactly("nettoyage", "locaux");
    }

    @Test
    void cpvLevelsFollowTheHierarchy() {
        Enterprise declared = TestData.enterprise("1", ACI).cpv("90911200-8").build();
        assertThat(scorer.cpv(List.of("90911200"), declared, 0.3).value()).isEqualTo(1.0);
        assertThat(scorer.cpv(List.of("90911200"), declared, 0.3).reason()).startsWith("same code 90911200").contains("declared");
        assertThat(scorer.cpv(List.of("90911300"), declared, 0.3).value()).isEqualTo(0.8);
        assertThat(scorer.cpv(List.of("90911300"), declared, 0.3).reason()).startsWith("category 90911");
        assertThat(scorer.cpv(List.of("90919000"), declared, 0.3).value()).isEqualTo(0.6);
        assertThat(scorer.cpv(List.of("90919000"), declared, 0.3).reason()).startsWith("class 9091 (");
        assertThat(scorer.cpv(List.of("90920000"), declared, 0.3).value()).isEqualTo(0.4);
        assertThat(scorer.cpv(List.of("90500000"), declared, 0.3).value()).isEqualTo(0.2);
        assertThat(scorer.cpv(List.of("45000000"), declared, 0.3).value()).isZero();
        // the best over the lot's codes
        assertThat(scorer.cpv(List.of("45000000", "90919000"), declared, 0.3).value()).isEqualTo(0.6);
        assertThat(scorer.cpv(List.of(), declared, 0.3).value()).isEqualTo(0.5);
    }

    @Test
    void cpvImpliedByNafNamesTheNafCode() {
        List<String> implied = ref.affinity().cpvPrefixesFor("81.30Z");
        assertThat(implied).isNotEmpty();
        String prefix = implied.get(0);
        String lotCode = (prefix + "00000000").substring(0, 8);
        Enterprise gardener = TestData.enterprise("2", ACI).naf("81.30Z").build();
        ScoreComponent c = scorer.cpv(List.of(lotCode), gardener, 0.3);
        assertThat(c.value()).isEqualTo(1.0);
        assertThat(c.reason()).contains("implied by NAF 81.30Z");
        Enterprise nothing = TestData.enterprise("3", ACI).naf("88.99B").build();
        if (ref.affinity().cpvPrefixesFor("88.99B").isEmpty()) {
            assertThat(scorer.cpv(List.of(lotCode), nothing, 0.3).value()).isZero();
            assertThat(scorer.cpv(List.of(lotCode), nothing, 0.3).reason()).contains("NAF 88.99B implies none");
        }
    }

    @Test
    void geoIsOneInsideTheAreaAndHalvesEveryHalfDistanceBeyond() {
        // 10 km east-ish of Montreuil: inside the default 50 km
        Enterprise near = TestData.enterprise("4", EI).at(montreuil.lat(), montreuil.lon() + 0.1).build();
        ScoreComponent in = scorer.geo(montreuil, near, null, 0.25);
        assertThat(in.value()).isEqualTo(1.0);
        assertThat(in.reason()).contains("inside the default 50 km");

        double h = config.geoHalfDistanceKm();
        ScoreComponent out = scorer.geo(montreuil, near, 50 + h, 0.25);
        assertThat(out.value()).isEqualTo(0.5);
        assertThat(scorer.geo(montreuil, near, 50 + 2 * h, 0.25).value()).isEqualTo(0.25);

        Enterprise smallRadius = TestData.enterprise("5", EI).at(montreuil.lat(), montreuil.lon() + 0.1).radiusKm(5).build();
        double d = Geography.distanceKm(montreuil.lat(), montreuil.lon(), montreuil.lat(), montreuil.lon() + 0.1);
        ScoreComponent beyond = scorer.geo(montreuil, smallRadius, null, 0.25);
        assertThat(beyond.value()).isCloseTo(Math.pow(0.5, (d - 5) / h), within(1e-4));
        assertThat(beyond.reason()).contains("beyond its 5 km intervention radius");
    }

    @Test
    void geoListedDepartmentsAndUnknownPlaces() {
        Enterprise farButListed = TestData.enterprise("6", EI).at(43.3, 5.4).departments("93", "13").build();
        ScoreComponent c = scorer.geo(montreuil, farButListed, null, 0.25);
        assertThat(montreuil.department()).isEqualTo("93");
        assertThat(c.value()).isEqualTo(1.0);
        assertThat(c.reason()).contains("département 93");

        Enterprise unlocated = TestData.enterprise("7", EI).build();
        assertThat(scorer.geo(montreuil, unlocated, null, 0.25).value()).isEqualTo(0.5);
        assertThat(scorer.geo(montreuil, unlocated, null, 0.25).reason()).contains("location unknown");
        assertThat(scorer.geo(LotPlace.unknown("NUTS DE300"), farButListed, null, 0.25).value()).isEqualTo(0.5);
        assertThat(scorer.geo(LotPlace.unknown("NUTS DE300"), farButListed, null, 0.25).reason()).startsWith("location unknown");
    }

    @Test
    void capacityComparesTheYearlyValueWithHeadcountTimesRevenue() {
        double rpe = config.revenuePerEmployee();
        Enterprise ten = TestData.enterprise("8", EI).employees(10).build();
        // 10 employees: capacity 10 × rpe; a lot of 0.2 × that per year is comfortable
        assertThat(scorer.capacity(lot(0.2 * 10 * rpe * 2, 24.0), ten, 0.05).value()).isEqualTo(1.0);
        ScoreComponent big = scorer.capacity(lot(2 * 10 * rpe, 12.0), ten, 0.05);
        assertThat(big.value()).isCloseTo(config.comfortableShare() / 2, within(1e-4));
        assertThat(big.reason()).contains("co-contracting (groupement)").contains("200 %");
        // a 6-month lot is a yearly rate of twice its value
        ScoreComponent shortLot = scorer.capacity(lot(10 * rpe * 0.5, 6.0), ten, 0.05);
        assertThat(shortLot.reason()).contains("is 100 %");
        assertThat(scorer.capacity(lot(null, 12.0), ten, 0.05).value()).isEqualTo(0.5);
        assertThat(scorer.capacity(lot(null, 12.0), ten, 0.05).reason()).isEqualTo("capacity unknown: lot value unknown");
        Enterprise unknown = TestData.enterprise("9", EI).build();
        assertThat(scorer.capacity(lot(100_000.0, 12.0), unknown, 0.05).reason()).isEqualTo("capacity unknown: headcount unknown");
    }

    @Test
    void preferenceTakesTheBestCategoryAndFairTradeOnlyForFoodOrTextile() {
        Map<fr.essor.registry.Category, Double> policy = new EnumMap<>(config.preference());
        Enterprise fairTradeScop = TestData.enterprise("10", SCOP, FAIR_TRADE).build();
        double scop = policy.get(SCOP);
        double fair = policy.get(FAIR_TRADE);
        ScoreComponent cleaning = scorer.preference(List.of("90910000"), fairTradeScop, policy, 0.1);
        assertThat(cleaning.value()).isEqualTo(scop);
        assertThat(cleaning.reason()).contains("FAIR_TRADE not counted");
        ScoreComponent coffee = scorer.preference(List.of("15861000"), fairTradeScop, policy, 0.1);
        assertThat(coffee.value()).isEqualTo(Math.max(scop, fair));
        assertThat(scorer.isFairTradeLot(List.of("18100000"))).isTrue();
        assertThat(scorer.isFairTradeLot(List.of("39512000"))).isTrue();
        assertThat(scorer.isFairTradeLot(List.of("55523100"))).isTrue();
        assertThat(scorer.isFairTradeLot(List.of("39100000"))).isFalse();
        policy.put(SCOP, 0.0);
        policy.put(FAIR_TRADE, 0.0);
        assertThat(scorer.preference(List.of("15861000"), fairTradeScop, policy, 0.1).value()).isZero();
    }

    @Test
    void scoreIsTheWeightedSumOfTheShownValues() {
        ScoreComponent a = new ScoreComponent(0.123456, 0.3, "a");
        assertThat(a.value()).isEqualTo(0.1235);
        Components c = new Components(a, new ScoreComponent(1, 0.3, "b"), new ScoreComponent(0.5, 0.25, "c"),
                new ScoreComponent(0.5, 0.05, "d"), new ScoreComponent(1, 0.1, "e"));
        assertThat(c.score()).isEqualTo(ScoreComponent.round4(0.1235 * 0.3 + 0.3 + 0.125 + 0.025 + 0.1));
    }
}
