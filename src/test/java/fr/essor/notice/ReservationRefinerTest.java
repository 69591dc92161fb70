package fr.essor.notice;

import fr.essor.notice.ReservationRefiner.TextGroup;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Refining a sheltered-workshop reservation (eForms res-ws, OCDS shelteredWorkshop) by the buyer's own words. */
class ReservationRefinerTest {

    private static Reservation refine(String lotText, String procedureText) {
        return ReservationRefiner.refineSheltered(new TextGroup(lotText), new TextGroup(procedureText));
    }

    @Test
    void articles_of_the_code_de_la_commande_publique() {
        assertThat(refine("Lot réservé en application de l'article L2113-12 du code de la commande publique", null))
                .isEqualTo(Reservation.SHELTERED);
        assertThat(refine("Marché réservé (art. L. 2113-13 CCP)", null)).isEqualTo(Reservation.INTEGRATION);
        assertThat(refine("réservé au titre de l’article L.2113‑13‑1", null)).isEqualTo(Reservation.PRISON);
        assertThat(refine("article L2113-14", null)).isEqualTo(Reservation.SHELTERED_OR_INTEGRATION);
        assertThat(refine("articles L2113-12 et L2113-13", null)).isEqualTo(Reservation.SHELTERED_OR_INTEGRATION);
    }

    @Test
    void who_the_text_names() {
        assertThat(refine("Marché réservé aux entreprises adaptées et aux ESAT", null)).isEqualTo(Reservation.SHELTERED);
        assertThat(refine("Marché réservé aux établissements et services d'aide par le travail", null)).isEqualTo(Reservation.SHELTERED);
        assertThat(refine("réservé aux structures mentionnées à l'article L. 5213-13 du code du travail", null))
                .isEqualTo(Reservation.SHELTERED);
        assertThat(refine("réservé aux structures mentionnées à l'article L5132-4 du code du travail", null))
                .isEqualTo(Reservation.INTEGRATION);
        assertThat(refine("Marché réservé aux entreprises d'insertion et aux associations intermédiaires", null))
                .isEqualTo(Reservation.INTEGRATION);
        assertThat(refine("Réservé aux SIAE (structures d'insertion par l'activité économique)", null)).isEqualTo(Reservation.INTEGRATION);
        assertThat(refine("ateliers et chantiers d'insertion", null)).isEqualTo(Reservation.INTEGRATION);
        assertThat(refine("Travaux réalisés par des personnes détenues (travail pénitentiaire)", null)).isEqualTo(Reservation.PRISON);
        // both families named: the joint basis
        assertThat(refine("réservé aux EA, ESAT et SIAE", null)).isEqualTo(Reservation.SHELTERED_OR_INTEGRATION);
        // the code list's own label names both
        assertThat(refine("La participation est réservée à des ateliers protégés et à des opérateurs économiques dont "
                + "l’objet principal est l’intégration sociale et professionnelle de personnes handicapées ou défavorisées.", null))
                .isEqualTo(Reservation.SHELTERED_OR_INTEGRATION);
    }

    @Test
    void the_structures_named_win_over_a_prison_as_a_place() {
        assertThat(refine("Nettoyage de l'établissement pénitentiaire, marché réservé aux entreprises adaptées", null))
                .isEqualTo(Reservation.SHELTERED);
        assertThat(refine("Entretien des espaces verts de la maison d'arrêt, réservé aux SIAE", null))
                .isEqualTo(Reservation.INTEGRATION);
        assertThat(refine("Ateliers et chantiers d'insertion employant des personnes détenues", null))
                .isEqualTo(Reservation.INTEGRATION);
        // a prison as the place of work, or detainees as the people served, decides nothing
        assertThat(ReservationRefiner.decide("Blanchisserie du centre de détention de Muret")).isNull();
        assertThat(ReservationRefiner.decide("Restauration des personnes détenues de la prison de la Santé")).isNull();
        assertThat(refine("Maintenance de l'établissement pénitentiaire", null)).isEqualTo(Reservation.SHELTERED_OR_INTEGRATION);
        // prison work with no structure named
        assertThat(refine("Façonnage réalisé dans le cadre de l'emploi pénitentiaire", null)).isEqualTo(Reservation.PRISON);
        assertThat(refine("Prestations exécutées par des détenus", null)).isEqualTo(Reservation.PRISON);
        // articles of the Code de la commande publique still decide first
        assertThat(refine("Nettoyage de la maison d'arrêt, réservé aux entreprises adaptées (article L2113-13-1)", null))
                .isEqualTo(Reservation.PRISON);
    }

    @Test
    void beneficiaries_alone_do_not_narrow_the_basis() {
        // EA/ESAT and SIAE both employ disabled and disadvantaged people: only the structures named decide
        assertThat(ReservationRefiner.decide("réservé aux structures employant des travailleurs handicapés")).isNull();
        assertThat(ReservationRefiner.decide("Marché réservé favorisant l'emploi de personnes handicapées")).isNull();
        assertThat(ReservationRefiner.decide("au bénéfice de personnes en situation de handicap")).isNull();
        assertThat(ReservationRefiner.decide("emploi de personnes éloignées de l'emploi")).isNull();
        assertThat(ReservationRefiner.decide("publics défavorisés")).isNull();
        assertThat(refine("réservé aux structures employant des travailleurs handicapés", null))
                .isEqualTo(Reservation.SHELTERED_OR_INTEGRATION);
        // ... and the procedure's structures then speak
        assertThat(refine("Lot 1 : personnes handicapées", "Marché réservé aux ESAT")).isEqualTo(Reservation.SHELTERED);
        // structures still decide when beneficiaries are named too
        assertThat(refine("Réservé aux entreprises adaptées employant des travailleurs handicapés", null))
                .isEqualTo(Reservation.SHELTERED);
        assertThat(refine("Réservé aux entreprises d'insertion, personnes éloignées de l'emploi", null))
                .isEqualTo(Reservation.INTEGRATION);
    }

    @Test
    void words_that_only_look_alike_decide_nothing() {
        // an architectural "insertion dans le site", "ea" as a word, an ACI-less "acier"
        assertThat(refine("Qualité architecturale et insertion dans le site; acier galvanisé; idea", null))
                .isEqualTo(Reservation.SHELTERED_OR_INTEGRATION);
        assertThat(refine(null, null)).isEqualTo(Reservation.SHELTERED_OR_INTEGRATION);
    }

    @Test
    void the_lot_speaks_before_the_procedure() {
        assertThat(refine("Lot 2 réservé aux ESAT", "Lot 1 réservé aux SIAE, lot 2 aux ESAT")).isEqualTo(Reservation.SHELTERED);
        assertThat(refine("Nettoyage des locaux", "Marché réservé aux SIAE")).isEqualTo(Reservation.INTEGRATION);
    }

    @Test
    void a_real_eforms_notice_whose_lot_cites_l2113_12() {
        // pin-rtl_81 reserves its lot to sheltered workshops (res-ws); give the lot the words a French buyer writes
        String xml = NoticeCorpus.text(NoticeCorpus.EFORMS_SDK.resolve("pin-rtl_81.xml"));
        String cited = xml.replaceFirst("(<cac:ProcurementProjectLot>[\\s\\S]*?<cac:ProcurementProject>[\\s\\S]*?<cbc:Description[^>]*>)",
                "$1Marché réservé en application de l'article L. 2113-12 du code de la commande publique. ");
        assertThat(cited).contains("L. 2113-12");
        Notice n = NoticeParsers.parse("application/xml", cited.getBytes(StandardCharsets.UTF_8)).notices().get(0);
        assertThat(n.lots().get(0).reservation()).isEqualTo(Reservation.SHELTERED);
        assertThat(NoticeCorpus.eforms("pin-rtl_81.xml").lots().get(0).reservation()).isEqualTo(Reservation.SHELTERED_OR_INTEGRATION);
    }

    @Test
    void ocds_reserved_participation() {
        String release = "{\"ocid\":\"ocds-fr-1\",\"id\":\"1\",\"tender\":{\"title\":\"Blanchisserie\","
                + "\"description\":\"Marché réservé aux établissements et services d'aide par le travail\","
                + "\"otherRequirements\":{\"reservedParticipation\":[\"shelteredWorkshop\"]},"
                + "\"lots\":[{\"id\":\"1\",\"title\":\"Linge\"},{\"id\":\"2\",\"title\":\"Tenues\","
                + "\"otherRequirements\":{\"reservedParticipation\":[\"publicServiceMissionOrganization\"]}}]}}";
        Notice n = NoticeParsers.parse("application/json", release.getBytes(StandardCharsets.UTF_8)).notices().get(0);
        assertThat(n.lots()).extracting(Notice.Lot::reservation)
                .containsExactly(Reservation.SHELTERED, Reservation.PUBLIC_SERVICE_MISSION);
    }
}
