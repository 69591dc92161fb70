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
        assertThat(refine("réservé aux structures employant des travailleurs handicapés", null)).isEqualTo(Reservation.SHELTERED);
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
