package fr.essor.registry.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import fr.essor.reference.Geography;
import fr.essor.reference.NafCatalog;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Category;
import fr.essor.registry.Enterprise;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Candidates for a lot, on the real SIAE list. */
class MatchRetrievalTest {
    private static final Set<Category> INTEGRATION = EnumSet.of(Category.EI, Category.ETTI, Category.AI, Category.ACI, Category.EITI);
    private static final String CLEANING_LOT = "Nettoyage et entretien des locaux administratifs";

    @TempDir
    static Path folder;
    static EnterpriseIndex index;
    static List<Enterprise> all;
    static GeoPoint strasbourg;

    @BeforeAll
    static void build() throws Exception {
        all = LemarcheFixture.enterprises();
        index = EnterpriseIndex.open(folder, ReferenceData.get());
        index.apply(all, List.of(), all.size()).get();
        index.refresh();
        Geography.Location place = ReferenceData.get().geography().locate("67000", "Strasbourg").orElseThrow();
        strasbourg = new GeoPoint(place.lat(), place.lon());
    }

    @AfterAll
    static void close() throws Exception {
        index.close();
    }

    @Test
    void anAllowedCategoriesFilterNeverReturnsAnotherCategory() throws Exception {
        String text = "groupement d'employeurs insertion qualification mise à disposition de personnel";
        List<MatchCandidate> open = index.match(new MatchRequest(text, List.of(), null, null, null, 50));
        List<MatchCandidate> reserved = index.match(new MatchRequest(text, List.of(), null, INTEGRATION, null, 50));

        assertThat(open).as("without the filter GEIQ come back").anyMatch(c -> c.enterprise().categories().contains(Category.GEIQ));
        assertThat(reserved).hasSize(50)
                .allMatch(c -> !Collections.disjoint(c.enterprise().categories(), INTEGRATION));
        assertThat(reserved).noneMatch(c -> c.enterprise().categories().equals(EnumSet.of(Category.GEIQ)));
    }

    @Test
    void enterprisesWithoutALocationPassTheDistanceFilter() throws Exception {
        List<MatchCandidate> candidates = index.match(new MatchRequest(CLEANING_LOT, List.of("90910000-9"), strasbourg, null, 30.0, 100));

        List<MatchCandidate> unlocated = candidates.stream().filter(c -> !c.enterprise().hasLocation()).toList();
        assertThat(unlocated).isNotEmpty().allMatch(c -> c.distanceKm() == null);
        // ENTREPRISE MAINTENANCE ENTRETIEN (81.21Z, Saint-Martin, no coordinates) is a cleaner: it must be there
        assertThat(unlocated).anyMatch(c -> c.enterprise().siret().equals("41197651700036"));
        assertThat(candidates).filteredOn(c -> c.enterprise().hasLocation())
                .isNotEmpty().allMatch(c -> c.distanceKm() <= 30.05);
        // cleaners elsewhere in France are left out
        long cleanersFarAway = all.stream().filter(e -> e.hasLocation() && cleaning(e)).count();
        assertThat(candidates.stream().filter(c -> cleaning(c.enterprise()) && c.enterprise().hasLocation()).count())
                .isLessThan(cleanersFarAway).isPositive();
    }

    @Test
    void cleaningLotRanksCleanersFirstAndSaysWhy() throws Exception {
        List<MatchCandidate> candidates = index.match(new MatchRequest(CLEANING_LOT, List.of("90910000-9"), strasbourg, INTEGRATION, 30.0, 10));

        assertThat(candidates.subList(0, 3)).allMatch(c -> cleaning(c.enterprise()));
        MatchCandidate first = candidates.stream().filter(c -> cleaning(c.enterprise())).findFirst().orElseThrow();
        // NAF 81.2 implies CPV 909 (affinity table): the lot code 90910000 is covered, level CODE, not declared
        assertThat(first.cpvMatch()).isEqualTo(new MatchCandidate.CpvMatch("90910000", "909", CpvOverlap.CODE, false));
        assertThat(first.matchedWords()).contains("Nettoyage");
        assertThat(first.textScore()).isPositive().isLessThan(first.score());
        for (int i = 1; i < candidates.size(); i++) {
            MatchCandidate a = candidates.get(i - 1);
            MatchCandidate b = candidates.get(i);
            assertThat(a.score()).isGreaterThanOrEqualTo(b.score());
            if (a.score() == b.score()) {
                assertThat(a.enterprise().siret()).isLessThan(b.enterprise().siret());
            }
        }
    }

    @Test
    void declaredCodesMatchAtTheLevelTheyShare() throws Exception {
        Enterprise base = all.stream().filter(e -> "94.99Z".equals(NafCatalog.normalize(String.valueOf(e.naf())))).findFirst().orElseThrow();
        Enterprise declaring = RegistrySearchTest.withCpv(base, List.of("90911200-8"));
        try (EnterpriseIndex own = EnterpriseIndex.open(folder.resolve("declared"), ReferenceData.get())) {
            own.apply(List.of(declaring), List.of(), 1).get();
            own.refresh();

            assertThat(own.match(new MatchRequest("", List.of("90911200"), null, null, null, 5)).get(0).cpvMatch())
                    .isEqualTo(new MatchCandidate.CpvMatch("90911200", "90911200", CpvOverlap.CODE, true));
            assertThat(own.match(new MatchRequest("", List.of("90910000"), null, null, null, 5)).get(0).cpvMatch())
                    .isEqualTo(new MatchCandidate.CpvMatch("90910000", "9091", CpvOverlap.CLASS, true));
            assertThat(own.match(new MatchRequest("", List.of("90919000"), null, null, null, 5)).get(0).cpvMatch())
                    .isEqualTo(new MatchCandidate.CpvMatch("90919000", "9091", CpvOverlap.CLASS, true));
            assertThat(own.match(new MatchRequest("", List.of("45000000"), null, null, null, 5))).isEmpty();
            // the exact code outranks a shared class
            float exact = own.match(new MatchRequest("", List.of("90911200"), null, null, null, 5)).get(0).score();
            float shared = own.match(new MatchRequest("", List.of("90910000"), null, null, null, 5)).get(0).score();
            assertThat(exact).isGreaterThan(shared);
        }
    }

    @Test
    void withoutCpvNorPlaceTheScoreIsTheBm25Part() throws Exception {
        List<MatchCandidate> candidates = index.match(new MatchRequest("restauration collective traiteur", List.of(), null, null, null, 30));

        assertThat(candidates).hasSize(30);
        assertThat(candidates).allSatisfy(c -> assertThat(c.textScore()).isCloseTo(c.score(), within(1e-4f)));
        assertThat(candidates).allSatisfy(c -> assertThat(c.matchedWords()).isNotEmpty()
                .isSubsetOf("restauration", "collective", "traiteur"));
        assertThat(candidates).allMatch(c -> c.cpvMatch() == null && c.distanceKm() == null);
    }

    @Test
    void nothingToMatchOrNobodyAllowedGivesNoCandidates() throws Exception {
        assertThat(index.match(new MatchRequest("de la et", List.of("not a code"), strasbourg, null, 50.0, 10))).isEmpty();
        assertThat(index.match(new MatchRequest(CLEANING_LOT, List.of(), null, Set.of(), null, 10))).isEmpty();
    }

    @Test
    void aBareDistanceBoostNeverBringsAnIrrelevantEnterprise() throws Exception {
        List<MatchCandidate> candidates = index.match(new MatchRequest("maraîchage biologique", List.of(), strasbourg, null, 100.0, 200));

        assertThat(candidates).isNotEmpty().allMatch(c -> c.textScore() > 0);
        List<String> words = new ArrayList<>();
        candidates.forEach(c -> words.addAll(c.matchedWords()));
        assertThat(words).isNotEmpty();
    }

    @Test
    void commonWordsDoNotMakeACandidate() throws Exception {
        // "action sociale": the NAF label of 88.99B, a quarter of the list (above Boosts.COMMON_TERM_FRACTION)
        long generic = all.stream().filter(e -> "8899B".equals(e.naf())).count();
        assertThat((double) generic / all.size()).isGreaterThan(Boosts.COMMON_TERM_FRACTION);

        List<MatchCandidate> candidates = index.match(new MatchRequest("action sociale nettoyage", List.of(), null, null, null, 500));

        // rarity is judged per field: "action sociale" is common in the activity (NAF label), rare in names
        FrenchTextAnalyzer analyzer = new FrenchTextAnalyzer();
        Set<String> common = analyzer.terms("name", "action sociale");
        assertThat(candidates).isNotEmpty().hasSizeLessThan((int) generic)
                .allSatisfy(c -> assertThat(c.matchedWords().contains("nettoyage")
                        || !Collections.disjoint(analyzer.terms("name", c.enterprise().name()), common)).isTrue());
        // alone, common words are all there is to go by: they are kept
        assertThat(index.match(new MatchRequest("action sociale", List.of(), null, null, null, 10))).hasSize(10);
    }

    private static boolean cleaning(Enterprise e) {
        String naf = e.naf() == null ? null : NafCatalog.normalize(e.naf());
        return naf != null && naf.startsWith("81.2");
    }
}
