package fr.essor.reference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlaceNamesTest {
    @Test
    void comparesLikeLaPosteWritesNames() {
        assertThat(PlaceNames.key("Sainte-Eulalie-d'Olt")).isEqualTo(PlaceNames.key("STE EULALIE D OLT"));
        assertThat(PlaceNames.key("Saint-Étienne")).isEqualTo("SAINT ETIENNE");
        assertThat(PlaceNames.key("ST ETIENNE")).isEqualTo("SAINT ETIENNE");
        assertThat(PlaceNames.key("L’Haÿ-les-Roses")).isEqualTo("L HAY LES ROSES");
        assertThat(PlaceNames.key("Œuilly")).isEqualTo("OEUILLY");
        assertThat(PlaceNames.key("Paris Cedex 07")).isEqualTo("PARIS");
        assertThat(PlaceNames.key("  ")).isEmpty();
        assertThat(PlaceNames.key(null)).isEmpty();
    }

    @Test
    void keepsWordsThatOnlyStartLikeAbbreviations() {
        assertThat(PlaceNames.key("Stenay")).isEqualTo("STENAY");
        assertThat(PlaceNames.key("Cedexville")).isEqualTo("CEDEXVILLE");
    }
}
