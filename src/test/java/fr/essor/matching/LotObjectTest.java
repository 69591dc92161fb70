package fr.essor.matching;

import fr.essor.notice.Reservation;
import fr.essor.reference.CpvCatalog;
import fr.essor.reference.ReferenceData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Lots whose object is insertion itself or the supply of staff, from the law's words, CPV labels and eForms fields. */
class LotObjectTest {

    private static CpvCatalog catalog;

    @BeforeAll
    static void load() {
        catalog = ReferenceData.get().cpv();
    }

    private static LotObject text(String text, String... cpv) {
        return LotObject.of(text, List.of(cpv), null, List.of(), Reservation.NONE, catalog);
    }

    @Test
    void the_words_of_r2123_1_and_of_insertion_as_an_activity() {
        List<String> lots = List.of(
                "Prestations d'insertion et de qualification professionnelle des publics éloignés de l'emploi",
                "Services de qualification et d’insertion professionnelles - lot 3 : secteur bâtiment",
                "Lot 1 : Insertion sociale et professionnelle par l'entretien des sentiers de randonnée",
                "Chantier d'insertion : restauration du petit patrimoine bâti de la commune",
                "Actions d'insertion professionnelle au moyen d'un support d'activité de maraîchage biologique",
                "Accompagnement socioprofessionnel des bénéficiaires du RSA",
                "Marché d'insertion par l'activité économique ayant pour support l'entretien des berges de l'Aude",
                "Mise en œuvre de parcours d'insertion pour des jeunes de 16 à 25 ans",
                "Support d'insertion : collecte et valorisation des encombrants");
        for (String lot : lots) {
            LotObject o = text(lot, "98000000");
            assertThat(o.insertion()).as(lot).isTrue();
            assertThat(o.staffing()).as(lot).isFalse();
            assertThat(o.reason()).as(lot).startsWith("the lot's object is insertion (R2123-1 3°");
        }
        assertThat(text("Prestations d'insertion et de qualification professionnelle").reason())
                .contains("\"insertion et de qualification professionnel\"");
    }

    @Test
    void an_insertion_clause_or_a_reservation_does_not_make_insertion_the_object() {
        List<String> lots = List.of(
                "Construction d'un gymnase avec clause d'insertion de 500 heures",
                "Lot 4 : Gros œuvre. Le marché comporte une clause sociale d'insertion professionnelle (article L2112-2).",
                "Réfection de la voirie communale ; 350 heures d'insertion professionnelle réservées aux publics éloignés de l'emploi",
                "Nettoyage des locaux de la mairie. Marché réservé aux structures d'insertion par l'activité économique (article L2113-13)",
                "Entretien des espaces verts et tonte des parcs municipaux",
                "Fourniture et livraison de repas en liaison froide pour la restauration scolaire",
                "Qualité architecturale et insertion paysagère du bâtiment dans le site");
        for (String lot : lots) {
            assertThat(text(lot, "45000000")).as(lot).isEqualTo(LotObject.OTHER);
        }
        assertThat(LotObject.OTHER.reason()).isNull();
        assertThat(LotObject.of(null, List.of(), null, null, null, catalog)).isEqualTo(LotObject.OTHER);
    }

    @Test
    void the_supply_of_staff() {
        List<String> lots = List.of(
                "Mise à disposition de personnel pour l'entretien des bâtiments communaux",
                "Lot 2 : mise à disposition de salariés pour le service de restauration",
                "Prestations de travail temporaire – personnel administratif",
                "Recours à l'intérim pour les services techniques",
                "Remplacement du personnel d'entretien en cas d'absence",
                "Personnel de remplacement pour les crèches municipales",
                "Mise à disposition d'agents d'accueil");
        for (String lot : lots) {
            LotObject o = text(lot, "98000000");
            assertThat(o.staffing()).as(lot).isTrue();
            assertThat(o.insertion()).as(lot).isFalse();
            assertThat(o.reason()).as(lot).startsWith("the lot supplies staff (mise à disposition de personnel)");
        }
        assertThat(text("Directeur général des services par intérim : assistance juridique").staffing()).isFalse();
        assertThat(text("Mise à disposition de matériel de sonorisation").staffing()).isFalse();
    }

    @Test
    void both_insertion_and_staff() {
        LotObject o = text("Mise à disposition de personnel dans le cadre d'un parcours d'insertion professionnelle");
        assertThat(o.insertion()).isTrue();
        assertThat(o.staffing()).isTrue();
        assertThat(o.reason()).contains("R2123-1 3°").contains("; the lot supplies staff");
    }

    @Test
    void cpv_labels_found_in_the_catalogue() {
        assertThat(catalog.find("75231240").orElseThrow().labelFr()).isEqualTo("Services de réinsertion");
        LotObject reinsertion = text("Prestations pour le service pénitentiaire d'insertion et de probation", "75231240");
        assertThat(reinsertion.insertion()).isTrue();
        assertThat(reinsertion.reason()).contains("CPV 75231240 Services de réinsertion");
        // an additional code counts as well as the main one
        assertThat(text("Lot 2", "98000000", "75231240").insertion()).isTrue();

        LotObject staff = text("Lot 1 : agents d'accueil", "79620000");
        assertThat(staff.staffing()).isTrue();
        assertThat(staff.insertion()).isFalse();
        assertThat(staff.reason()).contains("CPV 79620000");
        // a code below 7962 is found by its own label
        assertThat(text("Lot 3", "79624000-4").staffing()).isTrue();
        // codes whose labels say neither
        assertThat(text("Lot 4", "90910000", "77310000", "55520000")).isEqualTo(LotObject.OTHER);
        assertThat(text("Lot 5", "not-a-code")).isEqualTo(LotObject.OTHER);
    }

    @Test
    void reserved_execution_bt_736() {
        LotObject o = LotObject.of("Entretien des espaces verts", List.of("77310000"), true, List.of(), Reservation.NONE, catalog);
        assertThat(o.insertion()).isTrue();
        assertThat(o.reason()).contains("BT-736");
        assertThat(LotObject.of("Entretien des espaces verts", List.of("77310000"), false, List.of(), Reservation.NONE, catalog))
                .isEqualTo(LotObject.OTHER);
        assertThat(LotObject.of("Entretien des espaces verts", List.of("77310000"), null, List.of(), Reservation.NONE, catalog))
                .isEqualTo(LotObject.OTHER);
    }

    @Test
    void an_integration_reservation_with_the_opp_social_objective() {
        List<String> opp = List.of("strategic-procurement:soc-obj", "social-objective:opp");
        LotObject o = LotObject.of("Nettoyage des locaux", List.of("90910000"), null, opp, Reservation.INTEGRATION, catalog);
        assertThat(o.insertion()).isTrue();
        assertThat(o.staffing()).isFalse();
        assertThat(o.reason()).contains("L2113-13").contains("opp");
        // either alone is not enough
        assertThat(LotObject.of("Nettoyage des locaux", List.of("90910000"), null, List.of("strategic-procurement:soc-obj"),
                Reservation.INTEGRATION, catalog)).isEqualTo(LotObject.OTHER);
        assertThat(LotObject.of("Nettoyage des locaux", List.of("90910000"), null, opp, Reservation.SHELTERED, catalog))
                .isEqualTo(LotObject.OTHER);
        assertThat(LotObject.of("Nettoyage des locaux", List.of("90910000"), null, opp, Reservation.NONE, catalog))
                .isEqualTo(LotObject.OTHER);
    }
}
