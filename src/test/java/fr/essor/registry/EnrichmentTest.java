package fr.essor.registry;

import fr.essor.reference.ReferenceData;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EnrichmentTest {
    private static final LocalDate DAY = LocalDate.of(2026, 3, 1);
    private final Enrichment enrichment = new Enrichment(ReferenceData.get());

    static Enterprise draft(Set<Category> categories, String postcode, String city, Double lat, Double lon) {
        return new Enterprise("80746931700018", "Test", categories, null, "8121Z", null, List.of("90910000-9"), null,
                postcode, city, lat, lon, null, List.of(), List.of(), null, null, null, null, null, null, null, Map.of());
    }

    @Test
    void geocodesFromPostcodeAndCityWhenCoordinatesAreMissing() {
        Enterprise e = enrichment.enrich(draft(Set.of(Category.ACI), "93230", "Romainville", null, null), "essor", DAY);
        assertThat(e.latitude()).isCloseTo(48.88, within(0.05));
        assertThat(e.longitude()).isCloseTo(2.43, within(0.05));
        assertThat(e.commune()).isEqualTo("93063");
        assertThat(e.department()).isEqualTo("93");
        assertThat(e.region()).isEqualTo("11");
        assertThat(e.naf()).isEqualTo("81.21Z");
        assertThat(e.cpv()).containsExactly("90910000");
    }

    @Test
    void givenCoordinatesGetTheNearestCommune() {
        // Hucqueliers (62), coordinates of siae_lemarche.csv line 5, no postcode
        Enterprise e = enrichment.enrich(draft(Set.of(Category.AI), null, null, 50.5672, 1.911167), "essor", DAY);
        assertThat(e.latitude()).isEqualTo(50.5672);
        assertThat(e.department()).isEqualTo("62");
        assertThat(e.region()).isEqualTo("32");
        assertThat(e.commune()).isNotNull();
    }

    @Test
    void aPlaceWithNothingUsableStaysUnknown() {
        Enterprise e = enrichment.enrich(draft(Set.of(Category.ASSOCIATION), null, "Atlantis", null, null), "essor", DAY);
        assertThat(e.hasLocation()).isFalse();
        assertThat(e.commune()).isNull();
        assertThat(e.department()).isNull();
        // a point at sea, far from any commune, keeps its coordinates but has no commune
        Enterprise sea = enrichment.enrich(draft(Set.of(Category.ASSOCIATION), null, null, 45.0, -10.0), "essor", DAY);
        assertThat(sea.hasLocation()).isTrue();
        assertThat(sea.department()).isNull();
    }

    @Test
    void siaeAndShelteredWorkshopsHoldEsusByLawGeiqDoesNot() {
        Enterprise aci = enrichment.enrich(draft(Set.of(Category.ACI), null, null, null, null), "lemarche", DAY);
        assertThat(aci.categories()).containsExactlyInAnyOrder(Category.ACI, Category.ESUS);
        assertThat(aci.sources()).containsEntry(Category.ESUS, new Enterprise.FlagSource(Enrichment.DERIVED, DAY))
                .containsEntry(Category.ACI, new Enterprise.FlagSource("lemarche", DAY));
        Enterprise esat = enrichment.enrich(draft(Set.of(Category.ESAT), null, null, null, null), "essor", DAY);
        assertThat(esat.categories()).contains(Category.ESUS);
        Enterprise geiq = enrichment.enrich(draft(Set.of(Category.GEIQ), null, null, null, null), "lemarche", DAY);
        assertThat(geiq.categories()).containsExactly(Category.GEIQ);
    }

    @Test
    void aDerivedFlagGivenBackIsDerivedAgainAndDropsWithItsReason() {
        Enterprise aci = enrichment.enrich(draft(Set.of(Category.ACI), null, null, null, null), "essor", DAY);
        // the same record PUT back with ACI replaced by ASSOCIATION: the derived ESUS goes away
        Enterprise changed = new Enterprise(aci.siret(), aci.name(), Set.of(Category.ASSOCIATION, Category.ESUS),
                null, null, null, List.of(), null, null, null, null, null, null, List.of(), List.of(), null, null, null,
                null, null, null, null, Map.of(Category.ESUS, aci.sources().get(Category.ESUS)));
        assertThat(enrichment.enrich(changed, "essor", DAY).categories()).containsExactly(Category.ASSOCIATION);
    }

    @Test
    void settlingKeepsFirstDatesAndOtherSourcesFlags() {
        Enterprise stored = enrichment.enrich(draft(Set.of(Category.ACI), null, null, null, null), "lemarche", DAY);
        Enterprise again = enrichment.enrich(draft(Set.of(Category.ACI), null, null, null, null), "lemarche", DAY.plusDays(40));
        assertThat(Enrichment.settle(again, stored, "lemarche", true)).isEqualTo(stored);

        Enterprise other = enrichment.enrich(draft(Set.of(Category.ASSOCIATION), null, null, null, null), "ess-numerique", DAY.plusDays(1));
        Enterprise both = Enrichment.settle(other, stored, "ess-numerique", true);
        assertThat(both.categories()).containsExactlyInAnyOrder(Category.ASSOCIATION, Category.ACI, Category.ESUS);
        assertThat(both.sources().get(Category.ACI).source()).isEqualTo("lemarche");
        // a PUT replaces the categories
        assertThat(Enrichment.settle(other, stored, "essor", false).categories()).containsExactly(Category.ASSOCIATION);
    }
}
