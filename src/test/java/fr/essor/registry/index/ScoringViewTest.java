package fr.essor.registry.index;

import static org.assertj.core.api.Assertions.assertThat;

import fr.essor.registry.Category;
import fr.essor.registry.Enterprise;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoringViewTest {

    @Test
    void everyRealEnterpriseReadsBackAsItsScoringView() {
        List<Enterprise> real = LemarcheFixture.enterprises();
        assertThat(real).hasSizeGreaterThan(3000);
        for (Enterprise e : real) {
            assertThat(ScoringView.decode(ScoringView.encode(e))).as(e.siret()).isEqualTo(ScoringView.of(e));
        }
    }

    @Test
    void everyOptionalValueSurvivesAndWhatOnlyTheRegistryShowsIsLeftOut() {
        Enterprise full = new Enterprise("80746931700018", "Régie de quartier", EnumSet.of(Category.ACI, Category.ESUS),
                "Association", "81.21Z", "Nettoyage de locaux et espaces verts", List.of("90910000", "77310000"),
                "1 rue de la Paix", "93200", "Saint-Denis", 48.9362, 2.3574, 120, List.of("93", "95"), List.of("11"),
                42, "https://example.org", new Enterprise.Contact("a@example.org", "0102030405", "Camille"),
                LocalDate.of(2027, 6, 30), "93066", "93", "11", null);

        Enterprise view = ScoringView.decode(ScoringView.encode(full));

        assertThat(view).isEqualTo(ScoringView.of(full));
        assertThat(view.categories()).containsExactlyInAnyOrder(Category.ACI, Category.ESUS);
        assertThat(view.latitude()).isEqualTo(48.9362);
        assertThat(view.radiusKm()).isEqualTo(120);
        assertThat(view.employees()).isEqualTo(42);
        assertThat(view.esusUntil()).isEqualTo(LocalDate.of(2027, 6, 30));
        assertThat(view.description()).isEqualTo(ScoringView.DESCRIBED);
        assertThat(view.name()).as("a match item shows it").isEqualTo("Régie de quartier");
        assertThat(view.address()).isNull();
        assertThat(view.contact()).isNull();
    }

    @Test
    void anEnterpriseWithNothingOptionalStaysEmpty() {
        Enterprise bare = new Enterprise("80746931700018", null, EnumSet.noneOf(Category.class), null, null, "  ",
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

        Enterprise view = ScoringView.decode(ScoringView.encode(bare));

        assertThat(view).isEqualTo(ScoringView.of(bare));
        assertThat(view.description()).isNull();
        assertThat(view.hasLocation()).isFalse();
        assertThat(view.cpv()).isEmpty();
    }
}
