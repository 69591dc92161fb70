package fr.essor.reference;

import fr.essor.reference.NafCatalog.NafCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NafCatalogTest {
    private final NafCatalog naf = ReferenceData.get().naf();

    @Test
    void holdsTheSubClassesOfNafRev2() {
        assertThat(naf.all()).hasSize(732);
        assertThat(naf.all()).extracting(NafCode::code).doesNotHaveDuplicates().allMatch(c -> c.matches("\\d{2}\\.\\d{2}[A-Z]"));
    }

    @Test
    void findsLabelAndHierarchyInAnyForm() {
        NafCode caterers = naf.find("5621Z").orElseThrow();
        assertThat(caterers).isEqualTo(new NafCode("56.21Z", "Services des traiteurs", "56.21", "56.2", "56", "I"));
        assertThat(naf.find("56.21Z")).contains(caterers);
        assertThat(naf.find("56.21z")).contains(caterers);
        assertThat(naf.find(" 5621z ")).contains(caterers);

        assertThat(naf.find("01.11Z").orElseThrow().label())
                .isEqualTo("Culture de céréales (à l'exception du riz), de légumineuses et de graines oléagineuses");
        NafCode generic = naf.find("8899B").orElseThrow();
        assertThat(generic.label()).isEqualTo("Action sociale sans hébergement n.c.a.");
        assertThat(generic.section()).isEqualTo("Q");

        assertThat(naf.find("56.21")).isEmpty();
        assertThat(naf.find("72.47Z")).isEmpty(); // right shape, not a rev. 2 code
        assertThat(naf.find("45.2R")).isEmpty();
        assertThat(naf.find(null)).isEmpty();
    }

    @Test
    void normalizesToTheDottedSubClass() {
        assertThat(NafCatalog.normalize("5621Z")).isEqualTo("56.21Z");
        assertThat(NafCatalog.normalize("56.21Z")).isEqualTo("56.21Z");
        assertThat(NafCatalog.normalize("56.21z")).isEqualTo("56.21Z");
        assertThat(NafCatalog.normalize("56.2")).isNull();
        assertThat(NafCatalog.normalize("5621")).isNull();
        assertThat(NafCatalog.normalize("562.1Z")).isNull();
        assertThat(NafCatalog.normalize(null)).isNull();
    }

    @Test
    void ancestryListsEveryLevelFromTheDivision() {
        assertThat(NafCatalog.ancestry("8121Z")).containsExactly("81", "81.2", "81.21", "81.21Z");
        assertThat(NafCatalog.ancestry("81.21z")).containsExactly("81", "81.2", "81.21", "81.21Z");
        assertThat(NafCatalog.ancestry("81.2")).containsExactly("81", "81.2");
        assertThat(NafCatalog.ancestry("81")).containsExactly("81");
        assertThat(NafCatalog.ancestry("8")).isEmpty();
        assertThat(NafCatalog.ancestry("ab.cdZ")).isEmpty();
    }
}
