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
import java.util.Map;
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

    private static List<MatchCandidate> match(CandidateQuery q) throws Exception {
        return index.match(q).candidates();
    }

    @Test
    void anAllowedCategoriesFilterNeverReturnsAnotherCategory() throws Exception {
        String text = "groupement d'employeurs insertion qualification mise à disposition de personnel";
        List<MatchCandidate> open = match(new CandidateQuery(text, List.of(), null, null, null, 50));
        List<MatchCandidate> reserved = match(new CandidateQuery(text, List.of(), null, INTEGRATION, null, 50));

        assertThat(open).as("without the filter GEIQ come back").anyMatch(c -> c.enterprise().categories().contains(Category.GEIQ));
        assertThat(reserved).hasSize(50)
                .allMatch(c -> !Collections.disjoint(c.enterprise().categories(), INTEGRATION));
        assertThat(reserved).noneMatch(c -> c.enterprise().categories().equals(EnumSet.of(Category.GEIQ)));
    }

    @Test
    void enterprisesWithoutALocationPassTheDistanceFilter() throws Exception {
        List<MatchCandidate> candidates = match(new CandidateQuery(CLEANING_LOT, List.of("90910000-9"), strasbourg, null, 30.0, 1000));

        List<MatchCandidate> unlocated = candidates.stream().filter(c -> !c.enterprise().hasLocation()).toList();
        assertThat(unlocated).isNotEmpty().allMatch(c -> c.distanceKm() == null);
        // ENTREPRISE MAINTENANCE ENTRETIEN (81.21Z, Saint-Martin, no coordinates) is a cleaner: it must be there
        assertThat(unlocated).anyMatch(c -> c.enterprise().siret().equals("41197651700036"));
        // located ones within 30 km, or within the default 50 km radius their own area covers
        assertThat(candidates).filteredOn(c -> c.enterprise().hasLocation())
                .isNotEmpty().allMatch(c -> c.distanceKm() <= 50.05);
        // cleaners elsewhere in France are left out
        long cleanersFarAway = all.stream().filter(e -> e.hasLocation() && cleaning(e)).count();
        assertThat(candidates.stream().filter(c -> cleaning(c.enterprise()) && c.enterprise().hasLocation()).count())
                .isLessThan(cleanersFarAway).isPositive();
    }

    @Test
    void theCandidatesAreEveryEnterpriseWithinReachAndTheTotalCountsThem() throws Exception {
        MatchCandidates found = index.match(new CandidateQuery(CLEANING_LOT, List.of("90910000-9"), strasbourg, null, 30.0, 1000));

        // within 30 km, not located, or within its own radius (50 km when it names no area), whatever its trade:
        // activity orders the candidates, it does not gate them
        long withinReach = all.stream().filter(e -> !e.hasLocation()
                || Geography.distanceKm(strasbourg.lat(), strasbourg.lon(), e.latitude(), e.longitude())
                <= Math.max(30, e.radiusKm() != null ? e.radiusKm() : Enterprise.DEFAULT_RADIUS_KM)).count();
        assertThat(found.totalExact()).isTrue();
        assertThat((long) found.total()).isBetween(withinReach - 2, withinReach + 2);
        assertThat(found.candidates()).hasSize(found.total());
        assertThat(found.candidates()).anyMatch(c -> c.textScore() == 0 && !cleaning(c.enterprise()));
        // asking for fewer candidates keeps the same total
        assertThat(index.match(new CandidateQuery(CLEANING_LOT, List.of("90910000-9"), strasbourg, null, 30.0, 5)).total())
                .isEqualTo(found.total());
    }

    @Test
    void cleaningLotRanksCleanersFirst() throws Exception {
        List<MatchCandidate> candidates = match(new CandidateQuery(CLEANING_LOT, List.of("90910000-9"), strasbourg, INTEGRATION, 30.0, 10));

        assertThat(candidates.subList(0, 3)).allMatch(c -> cleaning(c.enterprise()));
        MatchCandidate first = candidates.stream().filter(c -> cleaning(c.enterprise())).findFirst().orElseThrow();
        assertThat(first.textScore()).isPositive().isLessThan(first.score());
        for (int i = 1; i < candidates.size(); i++) {
            assertThat(candidates.get(i - 1).score()).isGreaterThanOrEqualTo(candidates.get(i).score());
        }
    }

    @Test
    void anUnknownActivityScoresTheNeutralConstantAndAnotherTradeNothing() throws Exception {
        // no place: the score is the activity alone
        List<MatchCandidate> candidates = match(new CandidateQuery(CLEANING_LOT, List.of("90910000-9"), null, null, null, 1000));
        ReferenceData ref = ReferenceData.get();
        MatchCandidate unknown = candidates.stream()
                .filter(c -> fr.essor.registry.ActivityEvidence.unknown(c.enterprise(), ref.affinity()) && c.textScore() == 0)
                .findFirst().orElseThrow();
        assertThat(unknown.score()).isCloseTo(Boosts.UNKNOWN_ACTIVITY, within(1e-4f));
        List<MatchCandidate> matching = candidates.stream().filter(c -> c.textScore() > 0).toList();
        assertThat(matching).isNotEmpty();
        // the best matches come before the unknown ones, and those before another trade (nothing to score)
        assertThat(candidates.get(0).score()).isGreaterThan(Boosts.UNKNOWN_ACTIVITY);
        all.stream().filter(e -> !fr.essor.registry.ActivityEvidence.unknown(e, ref.affinity()) && "56.10A".equals(NafCatalog.normalize(String.valueOf(e.naf()))))
                .findFirst().ifPresent(restaurant -> assertThat(candidates).noneMatch(c -> c.enterprise().siret().equals(restaurant.siret())));
    }

    @Test
    void withoutCpvNorPlaceTheScoreOfAMatchIsTheBm25Part() throws Exception {
        List<MatchCandidate> candidates = match(new CandidateQuery("restauration collective traiteur", List.of(), null, null, null, 30));

        assertThat(candidates).hasSize(30);
        assertThat(candidates).allSatisfy(c -> assertThat(c.textScore()).isPositive());
        assertThat(candidates).filteredOn(c -> !fr.essor.registry.ActivityEvidence.unknown(c.enterprise(), ReferenceData.get().affinity()))
                .allSatisfy(c -> assertThat(c.textScore()).isCloseTo(c.score(), within(1e-4f)));
        assertThat(candidates).allMatch(c -> c.distanceKm() == null);
    }

    @Test
    void nobodyAllowedGivesNoCandidates() throws Exception {
        assertThat(match(new CandidateQuery(CLEANING_LOT, List.of(), null, Set.of(), null, 10))).isEmpty();
        assertThat(index.match(new CandidateQuery(CLEANING_LOT, List.of(), null, Set.of(), null, 10)).total()).isZero();
    }

    @Test
    void commonWordsDoNotScore() throws Exception {
        // "action sociale": the NAF label of 88.99B, a quarter of the list (above Boosts.COMMON_TERM_FRACTION)
        long generic = all.stream().filter(e -> "8899B".equals(e.naf())).count();
        assertThat((double) generic / all.size()).isGreaterThan(Boosts.COMMON_TERM_FRACTION);

        List<MatchCandidate> candidates = match(new CandidateQuery("action sociale nettoyage", List.of(), null, null, null, 1000));
        assertThat(candidates.stream().filter(c -> c.textScore() > 0).count()).isPositive().isLessThan(generic);
    }

    @Test
    void aWordCommonInActivitiesSaysNothingInANameEither() throws Exception {
        // "services" is in more than a fifth of the activities (CPV labels), rare in names: common for every field
        FrenchTextAnalyzer analyzer = new FrenchTextAnalyzer();
        List<MatchCandidate> candidates = match(new CandidateQuery("services de nettoyage", List.of(), null, null, null, 1000));
        EnterpriseSchema schema = new EnterpriseSchema(ReferenceData.get());
        Map<String, Enterprise> bySiret = new java.util.HashMap<>();
        all.forEach(e -> bySiret.put(e.siret(), e));
        List<MatchCandidate> namedServicesOnly = candidates.stream()
                .map(c -> Map.entry(c, bySiret.get(c.enterprise().siret())))
                .filter(p -> analyzer.terms("name", p.getValue().name()).contains("servic"))
                .filter(p -> schema.textValues(p.getValue()).values().stream().flatMap(List::stream)
                        .noneMatch(v -> analyzer.terms("name", v).contains("netoyag")))
                .map(Map.Entry::getKey)
                .toList();
        assertThat(namedServicesOnly).isNotEmpty().allSatisfy(c -> assertThat(c.textScore()).isZero());
    }

    private static boolean cleaning(Enterprise e) {
        String naf = e.naf() == null ? null : NafCatalog.normalize(e.naf());
        return naf != null && naf.startsWith("81.2");
    }

    @Test
    void theTotalCountsEveryLiveCandidateOnceAndTheTopKComesFromThem(@TempDir Path own) throws Exception {
        try (EnterpriseIndex fresh = EnterpriseIndex.open(own, ReferenceData.get())) {
            fresh.apply(all, List.of(), all.size()).get();
            fresh.refresh();
            CandidateQuery everyone = new CandidateQuery(CLEANING_LOT, List.of("90910000-9"), strasbourg, INTEGRATION, 30.0, 1000);
            MatchCandidates before = fresh.match(everyone);
            // fewer candidates than k: all are returned, and the total is exactly how many
            assertThat(before.candidates()).hasSizeBetween(10, 999);
            assertThat(before.total()).isEqualTo(before.candidates().size());
            assertThat(before.totalExact()).isTrue();

            String gone = before.candidates().get(0).enterprise().siret();
            fresh.apply(List.of(), List.of(gone), all.size() + 1).get();
            fresh.refresh();
            MatchCandidates after = fresh.match(everyone);
            MatchCandidates top5 = fresh.match(new CandidateQuery(CLEANING_LOT, List.of("90910000-9"), strasbourg, INTEGRATION, 30.0, 5));

            assertThat(after.total()).as("a deleted enterprise is no longer counted").isEqualTo(before.total() - 1);
            assertThat(after.candidates()).extracting(c -> c.enterprise().siret()).doesNotContain(gone);
            assertThat(top5.total()).as("the count does not depend on k").isEqualTo(after.total());
            assertThat(top5.candidates()).extracting(c -> c.enterprise().siret())
                    .containsExactlyElementsOf(after.candidates().subList(0, 5).stream().map(c -> c.enterprise().siret()).toList());
        }
    }

    /**
     * The retrieval scores its ordering disjunction among the candidates' documents (SegmentDocs#top) rather than as a
     * query with a FILTER clause: it must give exactly the hits, scores and order of that one query searched plainly,
     * with deleted documents (live documents other than all) and without any filter (every live document).
     */
    @Test
    void theTopKIsExactlyWhatTheWholeQuerySearchedPlainlyGives(@TempDir Path own) throws Exception {
        try (EnterpriseIndex fresh = EnterpriseIndex.open(own, ReferenceData.get())) {
            fresh.apply(all, List.of(), all.size()).get();
            List<String> deleted = new ArrayList<>();
            for (int i = 0; i < all.size(); i += 7) {
                deleted.add(all.get(i).siret());
            }
            fresh.apply(List.of(), deleted, all.size() + 1).get();
            fresh.refresh();
            Geography.Location lyon = ReferenceData.get().geography().locate("69001", "Lyon").orElseThrow();
            List<CandidateQuery> questions = List.of(
                    new CandidateQuery(CLEANING_LOT, List.of("90910000-9"), strasbourg, INTEGRATION, 30.0, 50),
                    new CandidateQuery("Entretien des espaces verts et débroussaillage", List.of(), null, null, null, 100),
                    new CandidateQuery("", List.of("77310000-6", "45000000-7"), new GeoPoint(lyon.lat(), lyon.lon()), null, 80.0, 200),
                    new CandidateQuery("Collecte et tri de déchets, recyclerie", List.of("90500000-2"),
                            new GeoPoint(lyon.lat(), lyon.lon()), null, 150.0, 20));
            for (CandidateQuery question : questions) {
                List<MatchCandidate> found = fresh.match(question).candidates();
                List<String> plain = fresh.withSearcher(searcher -> {
                    List<String> hits = new ArrayList<>();
                    for (org.apache.lucene.search.ScoreDoc hit : searcher.search(fresh.matchQuery(question, searcher),
                            MatchRetrieval.topK(question.k())).scoreDocs) {
                        Object[] fields = ((org.apache.lucene.search.FieldDoc) hit).fields;
                        hits.add(fields[0] + " " + fields[1]);
                    }
                    return hits;
                });
                assertThat(found).as(question.text()).hasSizeGreaterThan(question.k() / 2);
                assertThat(found.stream().map(c -> c.score() + " " + EnterpriseSchema.siretOrder(c.enterprise().siret())).toList())
                        .as(question.text()).containsExactlyElementsOf(plain);
                assertThat(found).extracting(c -> c.enterprise().siret()).doesNotContainAnyElementsOf(deleted);
            }
        }
    }

    @Test
    void aTermLookedUpBeforeAWriteIsLookedUpAgainOnTheNextReader(@TempDir Path own) throws Exception {
        try (EnterpriseIndex fresh = EnterpriseIndex.open(own, ReferenceData.get())) {
            fresh.apply(all, List.of(), all.size()).get();
            fresh.refresh();
            String lot = "Ateliers de zythologie et de vannerie";
            CandidateQuery query = new CandidateQuery(lot, List.of(), null, null, null, 50);
            assertThat(fresh.match(query).candidates()).noneMatch(c -> c.sharedTerms().contains("zytholog"));

            Enterprise brewer = all.get(0);
            Enterprise described = new Enterprise(brewer.siret(), "Zythologie du Canal", brewer.categories(), brewer.legalForm(),
                    brewer.naf(), "Zythologie : dégustation et brassage", brewer.cpv(), brewer.address(), brewer.postcode(),
                    brewer.city(), brewer.latitude(), brewer.longitude(), brewer.radiusKm(), brewer.departments(),
                    brewer.regions(), brewer.employees(), brewer.website(), brewer.contact(), brewer.esusUntil(),
                    brewer.commune(), brewer.department(), brewer.region(), brewer.sources());
            fresh.apply(List.of(described), List.of(), all.size() + 1).get();
            fresh.refresh();

            assertThat(fresh.match(query).candidates()).as("the term's statistics of the new reader")
                    .filteredOn(c -> c.enterprise().siret().equals(brewer.siret())).singleElement()
                    .satisfies(c -> {
                        assertThat(c.sharedTerms()).contains("zytholog");
                        assertThat(c.enterprise().name()).as("the name a match item shows").isEqualTo("Zythologie du Canal");
                    });
        }
    }

    @Test
    void theWordsACandidateSharesAreThoseItsTextHoldsReadFromThePostings() throws Exception {
        FrenchTextAnalyzer analyzer = new FrenchTextAnalyzer();
        Map<String, Enterprise> bySiret = new java.util.HashMap<>();
        all.forEach(e -> bySiret.put(e.siret(), e));
        // a short lot, one of common words ("services", "travaux"), and one of more than Queries.MAX_TERMS terms
        StringBuilder longLot = new StringBuilder("Entretien des espaces verts, taille des haies, tonte, débroussaillage");
        for (String w : ("nettoyage locaux vitrerie collecte déchets tri recyclage menuiserie peinture maçonnerie "
                + "restauration traiteur blanchisserie repassage couture bureautique imprimerie reprographie numérisation "
                + "archivage déménagement manutention logistique livraison transport voirie propreté graffitis mobilier "
                + "jardinage élagage broyage compostage maraîchage conserverie boulangerie cuisine accueil gardiennage "
                + "médiation animation formation").split(" ")) {
            longLot.append(' ').append(w);
        }
        List<String> lots = List.of(CLEANING_LOT, "Services de travaux d'entretien et de réparation", longLot.toString());
        int withText = 0;
        for (String lot : lots) {
            List<String> lotTerms = List.copyOf(analyzer.terms(EnterpriseSchema.NAME, lot));
            for (MatchCandidate c : match(new CandidateQuery(lot, List.of(), null, null, null, 200))) {
                if (c.textScore() <= 0) {
                    assertThat(c.sharedTerms()).isEmpty();
                    continue;
                }
                withText++;
                Set<String> held = new java.util.HashSet<>();
                index.schema().textValues(bySiret.get(c.enterprise().siret())).values()
                        .forEach(values -> values.forEach(v -> held.addAll(analyzer.terms(EnterpriseSchema.NAME, v))));
                assertThat(c.sharedTerms()).as(c.enterprise().siret() + " for " + lot)
                        .isNotEmpty().isEqualTo(lotTerms.stream().filter(held::contains).toList());
            }
        }
        assertThat(lotTermsOf(analyzer, longLot.toString())).hasSizeGreaterThan(Queries.MAX_TERMS);
        assertThat(withText).isGreaterThan(100);
    }

    private static Set<String> lotTermsOf(FrenchTextAnalyzer analyzer, String text) {
        return analyzer.terms(EnterpriseSchema.NAME, text);
    }
}

