package fr.essor.registry.index;

import static org.assertj.core.api.Assertions.assertThat;

import fr.essor.reference.Geography;
import fr.essor.reference.NafCatalog;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Category;
import fr.essor.registry.Enterprise;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.lucene.util.SloppyMath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/enterprises on the real SIAE list, checked against what the CSV itself says. */
class RegistrySearchTest {
    @TempDir
    static Path folder;
    static EnterpriseIndex index;
    static List<Enterprise> all;
    static Geography.Location strasbourg;

    @BeforeAll
    static void build() throws Exception {
        all = LemarcheFixture.enterprises();
        index = EnterpriseIndex.open(folder, ReferenceData.get());
        index.apply(all, List.of(), all.size()).get();
        index.refresh();
        strasbourg = ReferenceData.get().geography().locate("67000", "Strasbourg").orElseThrow();
    }

    @AfterAll
    static void close() throws Exception {
        index.close();
    }

    private static boolean cleaning(Enterprise e) {
        String naf = e.naf() == null ? null : NafCatalog.normalize(e.naf());
        return naf != null && naf.startsWith("81.2");
    }

    private static double km(Geography.Location from, Enterprise e) {
        return SloppyMath.haversinMeters(from.lat(), from.lon(), e.latitude(), e.longitude()) / 1000;
    }

    private static List<RegistryHit> everything(RegistryQuery first) throws Exception {
        List<RegistryHit> hits = new ArrayList<>();
        for (int page = 0; ; page++) {
            RegistryPage p = index.search(new RegistryQuery(first.q(), first.categories(), first.cpv(), first.department(),
                    first.near(), page, first.size()));
            if (p.items().isEmpty()) {
                return hits;
            }
            hits.addAll(p.items());
        }
    }

    @Test
    void nettoyageNearStrasbourgRanksCleaningEnterprisesFirst() throws Exception {
        RegistryQuery.Near near = new RegistryQuery.Near(new GeoPoint(strasbourg.lat(), strasbourg.lon()), 30);
        RegistryPage page = index.search(new RegistryQuery("nettoyage", null, null, null, near, 0, 20));

        List<Enterprise> cleanersNearby = all.stream()
                .filter(e -> e.hasLocation() && cleaning(e) && km(strasbourg, e) <= 30).toList();
        assertThat(cleanersNearby).hasSizeGreaterThanOrEqualTo(3);
        List<Enterprise> found = page.items().stream().map(RegistryHit::enterprise).toList();
        assertThat(found.subList(0, cleanersNearby.size())).allMatch(RegistrySearchTest::cleaning)
                .containsExactlyInAnyOrderElementsOf(cleanersNearby);
        assertThat(page.items()).allSatisfy(hit -> {
            assertThat(hit.score()).isPositive();
            assertThat(hit.distanceKm()).isLessThanOrEqualTo(30.05).isCloseTo(km(strasbourg, hit.enterprise()), org.assertj.core.data.Offset.offset(1e-6));
        });
        assertThat(page.items()).extracting(RegistryHit::score).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void cpvCleaningServicesFindsNaf8121ZEnterprisesThroughTheAffinityTable() throws Exception {
        List<RegistryHit> hits = everything(new RegistryQuery(null, null, "90910000-9", null, null, 0, 100));

        assertThat(all).noneMatch(e -> !e.cpv().isEmpty()); // nobody declares codes here: only the NAF can find them
        // what the affinity table says: a NAF implying a prefix above 90910000 (909, 9091) or below its node 9091
        var affinity = ReferenceData.get().affinity();
        Set<String> expected = all.stream().filter(e -> e.naf() != null && affinity.cpvPrefixesFor(e.naf()).stream()
                        .anyMatch(p -> "90910000".startsWith(p) || p.startsWith("9091")))
                .map(Enterprise::siret).collect(Collectors.toSet());
        Set<String> naf8121Z = all.stream().filter(e -> "8121Z".equals(e.naf())).map(Enterprise::siret).collect(Collectors.toSet());
        assertThat(naf8121Z).hasSizeGreaterThan(10);
        assertThat(expected).containsAll(naf8121Z);
        assertThat(hits).extracting(h -> h.enterprise().siret()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(hits).allMatch(h -> h.score() == null && h.distanceKm() == null);
    }

    @Test
    void cpvOfADeclaredSubCodeIsFoundByItsParentCodeOnly() throws Exception {
        Enterprise base = all.stream().filter(e -> "94.99Z".equals(NafCatalog.normalize(String.valueOf(e.naf())))).findFirst().orElseThrow();
        Enterprise declaring = withCpv(base, List.of("90911200-8"));
        try (EnterpriseIndex own = EnterpriseIndex.open(folder.resolve("declared"), ReferenceData.get())) {
            own.apply(List.of(declaring), List.of(), 1).get();
            own.refresh();
            assertThat(own.search(new RegistryQuery(null, null, "90910000", null, null, 0, 10)).total()).isEqualTo(1);
            assertThat(own.search(new RegistryQuery(null, null, "90911200", null, null, 0, 10)).total()).isEqualTo(1);
            assertThat(own.search(new RegistryQuery(null, null, "90911300", null, null, 0, 10)).total()).isZero();
        }
    }

    @Test
    void facetsCountEveryHitNotThePage() throws Exception {
        RegistryPage page = index.search(new RegistryQuery(null, Set.of(Category.ACI), null, null, null, 0, 5));

        List<Enterprise> aci = all.stream().filter(e -> e.categories().contains(Category.ACI)).toList();
        assertThat(page.items()).hasSize(5);
        assertThat(page.total()).isEqualTo(aci.size());
        Map<String, Long> departments = aci.stream().filter(e -> e.department() != null)
                .collect(Collectors.groupingBy(Enterprise::department, Collectors.counting()));
        assertThat(page.facets().get(RegistryPage.FACET_DEPARTMENT)).isEqualTo(departments);
        Map<String, Long> categories = new HashMap<>();
        aci.forEach(e -> e.categories().forEach(c -> categories.merge(c.name(), 1L, Long::sum)));
        assertThat(page.facets().get(RegistryPage.FACET_CATEGORY)).isEqualTo(categories).containsEntry("ACI", (long) aci.size());
        assertThat(List.copyOf(page.facets().get(RegistryPage.FACET_CATEGORY).values())).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void departmentFilter() throws Exception {
        RegistryPage page = index.search(new RegistryQuery(null, null, null, "93", null, 0, 20));

        assertThat(page.total()).isEqualTo(all.stream().filter(e -> "93".equals(e.department())).count()).isPositive();
        assertThat(page.facets().get(RegistryPage.FACET_DEPARTMENT)).containsOnlyKeys("93");
    }

    @Test
    void pagesWithoutWordsWalkEverySiretInOrderOnce() throws Exception {
        List<RegistryHit> hits = everything(new RegistryQuery(null, null, null, null, null, 0, 100));

        assertThat(hits).extracting(h -> h.enterprise().siret())
                .containsExactlyElementsOf(all.stream().map(Enterprise::siret).sorted().toList());
        assertThat(index.search(new RegistryQuery(null, null, null, null, null, 0, 100)).total()).isEqualTo(all.size());
    }

    @Test
    void pagesOfAScoredSearchAreStableAndTiesGoBySiret() throws Exception {
        RegistryQuery one = new RegistryQuery("insertion restauration", null, null, null, null, 0, 98);
        List<RegistryHit> whole = index.search(one).items();
        List<RegistryHit> paged = new ArrayList<>();
        for (int page = 0; page < 14; page++) {
            paged.addAll(index.search(new RegistryQuery(one.q(), null, null, null, null, page, 7)).items());
        }

        assertThat(whole).hasSize(98);
        assertThat(paged).isEqualTo(whole);
        assertThat(index.search(one).items()).isEqualTo(whole);
        for (int i = 1; i < whole.size(); i++) {
            RegistryHit a = whole.get(i - 1);
            RegistryHit b = whole.get(i);
            assertThat(a.score()).isGreaterThanOrEqualTo(b.score());
            if (a.score().equals(b.score())) {
                assertThat(a.enterprise().siret()).isLessThan(b.enterprise().siret());
            }
        }
        assertThat(whole.stream().map(RegistryHit::score).distinct().count()).as("some ties to break").isLessThan(98);
    }

    @Test
    void nearWithoutWordsSortsByDistanceAndLeavesOutTheUnlocated() throws Exception {
        RegistryQuery.Near near = new RegistryQuery.Near(new GeoPoint(strasbourg.lat(), strasbourg.lon()), 50);
        List<RegistryHit> hits = everything(new RegistryQuery(null, null, null, null, near, 0, 100));

        long expected = all.stream().filter(e -> e.hasLocation() && km(strasbourg, e) <= 50).count();
        assertThat((long) hits.size()).isBetween(expected - 1, expected + 1); // quantised points at the border
        assertThat(hits).allMatch(h -> h.enterprise().hasLocation() && h.score() == null);
        assertThat(hits).extracting(RegistryHit::distanceKm).isSorted();
    }

    @Test
    void onlyStopWordsMeanNoTextCriterion() throws Exception {
        RegistryPage page = index.search(new RegistryQuery("de la et les", null, null, null, null, 0, 10));

        assertThat(page.total()).isEqualTo(all.size());
        assertThat(page.items()).allMatch(h -> h.score() == null);
    }

    @Test
    void commonWordsStillMatchInARegistrySearch() throws Exception {
        Set<String> generic = all.stream().filter(e -> "8899B".equals(e.naf())).map(Enterprise::siret).collect(Collectors.toSet());

        List<RegistryHit> hits = everything(new RegistryQuery("action sociale nettoyage", null, null, null, null, 0, 100));

        assertThat(hits).extracting(h -> h.enterprise().siret()).containsAll(generic);
    }

    static Enterprise withCpv(Enterprise e, List<String> cpv) {
        return new Enterprise(e.siret(), e.name(), e.categories(), e.legalForm(), e.naf(), e.description(), cpv,
                e.address(), e.postcode(), e.city(), e.latitude(), e.longitude(), e.radiusKm(), e.departments(),
                e.regions(), e.employees(), e.website(), e.contact(), e.esusUntil(), e.commune(), e.department(),
                e.region(), e.sources());
    }
}
