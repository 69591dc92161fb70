package fr.essor.registry.index;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrenchTextAnalyzerTest {
    private final FrenchTextAnalyzer analyzer = new FrenchTextAnalyzer();

    @Test
    void elidesLowercasesDropsStopWordsFoldsAndStems() {
        assertThat(analyzer.terms("name", "L’Entretien des Bâtiments et d'espaces verts"))
                .containsExactly("entretien", "batiment", "espac", "vert");
    }

    @Test
    void capitalsWithoutAccentsMeetAccentedText() {
        assertThat(analyzer.terms("name", "RESTAURATION COLLECTIVE ET ELECTRICITE"))
                .containsExactlyElementsOf(analyzer.terms("name", "restauration collective et électricité"));
    }

    @Test
    void keepsTheWordEachTermCameFromWithoutItsArticle() {
        assertThat(analyzer.termsWithWords("name", "Nettoyage de l’immeuble, nettoyages"))
                .containsExactly(java.util.Map.entry(analyzer.terms("name", "nettoyage").iterator().next(), "Nettoyage"),
                        java.util.Map.entry(analyzer.terms("name", "immeuble").iterator().next(), "immeuble"));
    }
}
