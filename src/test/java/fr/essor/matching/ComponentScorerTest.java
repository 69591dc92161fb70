package fr.essor.matching;

import fr.essor.notice.Reservation;
import fr.essor.reference.Geography;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Enterprise;
import fr.essor.registry.index.CpvOverlap;
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

    private ComponentScorer.Activity activity(List<String> lotCpv, Enterprise e, double bm25) {
        return scorer.activity(lotCpv, e, bm25, GrantedActivity.NONE);
    }

    private ScoreComponent cpv(List<String> lotCpv, Enterprise e) {
        return scorer.cpv(activity(lotCpv, e, 0), e, 0.3);
    }

    @Test
    void aMatchingTextIsWorthAtLeastTheNeutralValueAndListsSharedTerms() {
        double k = config.textSaturation();
        double n = config.unknownActivity();
        Enterprise cleaner = TestData.enterprise("1", ACI).naf("81.21Z").build();
        ScoreComponent c = scorer.text(activity(List.of(), cleaner, k), List.of("nettoyage", "locaux"), 0.3);
        assertThat(c.value()).isEqualTo(n + (1 - n) * 0.5);
        assertThat(c.weight()).isEqualTo(0.3);
        assertThat(c.code()).isEqualTo(ReasonCodes.TEXT_SHARED_TERMS);
        assertThat(c.reason()).contains("shared terms: nettoyage, locaux");
        assertThat(scorer.text(activity(List.of(), cleaner, 3 * k), List.of(), 0.3).value()).isEqualTo(n + (1 - n) * 0.75);
    }

    @Test
    void activityHasThreeStatesMatchesUnknownDifferent() {
        double n = config.unknownActivity();
        // 81.21Z implies cleaning (9091): a green-spaces lot is another trade
        Enterprise cleaner = TestData.enterprise("1", ACI).naf("81.21Z").build();
        // 88.99B is generic, nothing declared, no description: the registry does not say what it does
        Enterprise regie = TestData.enterprise("2", ACI).naf("88.99B").name("Regie de quartier").build();
        Enterprise described = TestData.enterprise("3", ACI).naf("88.99B").description("Blanchisserie solidaire").build();
        List<String> greenSpaces = List.of("77310000");

        ComponentScorer.Activity different = activity(greenSpaces, cleaner, 0);
        assertThat(different.state()).isEqualTo(ComponentScorer.State.DIFFERENT);
        assertThat(scorer.text(different, null, 0.3).value()).isZero();
        assertThat(scorer.cpv(different, cleaner, 0.3).value()).isZero();
        assertThat(scorer.cpv(different, cleaner, 0.3).code()).isEqualTo(ReasonCodes.CPV_NO_OVERLAP);

        ComponentScorer.Activity unknown = activity(greenSpaces, regie, 0);
        assertThat(unknown.state()).isEqualTo(ComponentScorer.State.UNKNOWN);
        assertThat(scorer.text(unknown, null, 0.3).value()).isEqualTo(n);
        assertThat(scorer.cpv(unknown, regie, 0.3).value()).isEqualTo(n);
        assertThat(scorer.text(unknown, null, 0.3).code()).isEqualTo(ReasonCodes.ACTIVITY_UNKNOWN);
        assertThat(scorer.cpv(unknown, regie, 0.3).code()).isEqualTo(ReasonCodes.ACTIVITY_UNKNOWN);

        // a description says what it does: silence about green spaces is then a different trade
        assertThat(activity(greenSpaces, described, 0).state()).isEqualTo(ComponentScorer.State.DIFFERENT);

        // a word of the lot in its name: it matches, and both components are at least neutral
        ComponentScorer.Activity byName = activity(greenSpaces, regie, 2.0);
        assertThat(byName.state()).isEqualTo(ComponentScorer.State.MATCHES);
        assertThat(scorer.text(byName, List.of("quartier"), 0.3).value()).isGreaterThan(n);
        assertThat(scorer.cpv(byName, regie, 0.3).value()).isEqualTo(n);
        assertThat(scorer.cpv(byName, regie, 0.3).code()).isEqualTo(ReasonCodes.ACTIVITY_MATCHES_ELSEWHERE);
    }

    @Test
    void anInsertionLotGrantsEverySiaeItsActivityAndAStaffingLotTheAiAndEttiFirst() {
        Enterprise cleaner = TestData.enterprise("1", EI).naf("81.21Z").build();
        Enterprise ai = TestData.enterprise("2", AI).naf("78.30Z").build();
        Enterprise sheltered = TestData.enterprise("3", EA).naf("81.21Z").build();
        GrantedActivity insertion = GrantedActivity.of(new LotObject(true, false, "insertion"), config.unknownActivity());
        ComponentScorer.Activity a = scorer.activity(List.of("77310000"), cleaner, 0, insertion);
        assertThat(scorer.text(a, null, 0.3).value()).isEqualTo((1 + config.unknownActivity()) / 2);
        assertThat(scorer.cpv(a, cleaner, 0.3).code()).isEqualTo(ReasonCodes.INSERTION_LOT);
        // an EA is not an SIAE: its own activity decides
        assertThat(scorer.cpv(scorer.activity(List.of("77310000"), sheltered, 0, insertion), sheltered, 0.3).value()).isZero();

        GrantedActivity staffing = GrantedActivity.of(new LotObject(true, true, "staffing"), config.unknownActivity());
        double toAi = scorer.cpv(scorer.activity(List.of("79620000"), ai, 0, staffing), ai, 0.3).value();
        double toEi = scorer.cpv(scorer.activity(List.of("79620000"), cleaner, 0, staffing), cleaner, 0.3).value();
        assertThat(toAi).isEqualTo(1.0);
        assertThat(toEi).isGreaterThan(config.unknownActivity()).isLessThan(toAi);
    }

    @Test
    void sharedTermsAreReadWithTheAnalyzerAndShownAsWritten() {
        TermExtractor terms = new TermExtractor(new org.apache.lucene.analysis.fr.FrenchAnalyzer());
        List<String> shared = terms.shared(terms.terms("Nettoyage des locaux de la mairie"),
                "Entreprise de nettoyage de bureaux et locaux professionnels");
        assertThat(shared).containsExactly("nettoyage", "locaux");
    }

    @Test
    void cpvLevelsFollowTheHierarchyFromTheNeutralValueUp() {
        Enterprise declared = TestData.enterprise("1", ACI).cpv("90911200-8").build();
        assertThat(cpv(List.of("90911200"), declared).value()).isEqualTo(1.0);
        assertThat(cpv(List.of("90911200"), declared).reason()).startsWith("same code 90911200").contains("declared");
        assertThat(cpv(List.of("90911300"), declared).value()).isEqualTo(0.9);
        assertThat(cpv(List.of("90911300"), declared).reason()).startsWith("category 90911");
        assertThat(cpv(List.of("90919000"), declared).value()).isEqualTo(0.8);
        assertThat(cpv(List.of("90919000"), declared).reason()).startsWith("class 9091 (");
        assertThat(cpv(List.of("90920000"), declared).value()).isEqualTo(0.7);
        assertThat(cpv(List.of("90500000"), declared).value()).isEqualTo(0.6);
        assertThat(cpv(List.of("45000000"), declared).value()).isZero();
        // the best over the lot's codes
        assertThat(cpv(List.of("45000000", "90919000"), declared).value()).isEqualTo(0.8);
        assertThat(cpv(List.of(), declared).value()).isEqualTo(0.5);
        assertThat(cpv(List.of(), declared).code()).isEqualTo(ReasonCodes.CPV_LOT_UNCODED);
    }

    @Test
    void oneCpvRuleForTheIndexAndTheScore() {
        // 81.21Z implies 9091 (cleaning services): every code under it is one it supplies, however deep
        Enterprise cleaner = TestData.enterprise("1", ACI).naf("81.21Z").build();
        assertThat(cpv(List.of("90910000"), cleaner).value()).isEqualTo(1.0);
        assertThat(cpv(List.of("90919200"), cleaner).value()).isEqualTo(1.0);
        assertThat(cpv(List.of("90919200"), cleaner).reason()).contains("falls under CPV 909 implied by NAF 81.21Z");
        // the same rule the index's retrieval follows
        assertThat(CpvOverlap.best(List.of("90919200"), java.util.Set.of(), List.of("9091")).level())
                .isEqualTo(CpvOverlap.CODE);
    }

    @Test
    void cpvImpliedByNafNamesTheNafCode() {
        List<String> implied = ref.affinity().cpvPrefixesFor("81.30Z");
        assertThat(implied).isNotEmpty();
        String prefix = implied.get(0);
        String lotCode = (prefix + "00000000").substring(0, 8);
        Enterprise gardener = TestData.enterprise("2", ACI).naf("81.30Z").build();
        ScoreComponent c = cpv(List.of(lotCode), gardener);
        assertThat(c.value()).isEqualTo(1.0);
        assertThat(c.reason()).contains("implied by NAF 81.30Z");
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
        ScoreComponent a = new ScoreComponent(0.123456, 0.3, "a", "a");
        assertThat(a.value()).isEqualTo(0.1235);
        Components c = new Components(a, new ScoreComponent(1, 0.3, "b", "b"), new ScoreComponent(0.5, 0.25, "c", "c"),
                new ScoreComponent(0.5, 0.05, "d", "d"), new ScoreComponent(1, 0.1, "e", "e"));
        assertThat(c.score()).isEqualTo(ScoreComponent.round4(0.1235 * 0.3 + 0.3 + 0.125 + 0.025 + 0.1));
    }
}
