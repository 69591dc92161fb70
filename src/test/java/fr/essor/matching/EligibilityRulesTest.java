package fr.essor.matching;

import fr.essor.notice.Reservation;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Category;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;

import static fr.essor.registry.Category.*;
import static org.assertj.core.api.Assertions.assertThat;

class EligibilityRulesTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 9, 1);

    private static Eligibility assess(Reservation r, Category... categories) {
        return EligibilityRules.assess(r, EnumSet.of(categories[0], categories), null, TODAY);
    }

    @Test
    void unreservedLotIsOpenToAllAndSaysSo() {
        Eligibility e = assess(Reservation.NONE, GEIQ);
        assertThat(e.eligible()).isTrue();
        assertThat(e.toJson().encode())
                .isEqualTo("{\"reservation\":\"none\",\"article\":null,\"reason\":\"lot not reserved: open to all\"}");
        assertThat(EligibilityRules.restricts(Reservation.NONE)).isFalse();
        assertThat(EligibilityRules.allowedCategories(Reservation.NONE)).containsExactlyInAnyOrder(Category.values());
    }

    @Test
    void shelteredAdmitsEaEattEsatOnly() {
        assertThat(EligibilityRules.allowedCategories(Reservation.SHELTERED)).containsExactlyInAnyOrder(EA, EATT, ESAT);
        for (Category c : Category.values()) {
            Eligibility e = assess(Reservation.SHELTERED, c);
            assertThat(e.eligible()).as(c.name()).isEqualTo(c == EA || c == EATT || c == ESAT);
            assertThat(e.article()).startsWith("L2113-12");
        }
        assertThat(assess(Reservation.SHELTERED, ESAT).reason()).contains("ESAT may bid under L2113-12").contains("R2113-7");
    }

    @Test
    void integrationAdmitsSiaeButNotGeiq() {
        assertThat(EligibilityRules.allowedCategories(Reservation.INTEGRATION)).containsExactlyInAnyOrder(EI, ETTI, AI, ACI, EITI);
        for (Category c : Category.values()) {
            assertThat(assess(Reservation.INTEGRATION, c).eligible()).as(c.name())
                    .isEqualTo(c.family() == Category.Family.INTEGRATION);
        }
        Eligibility geiq = assess(Reservation.INTEGRATION, GEIQ, ASSOCIATION);
        assertThat(geiq.eligible()).isFalse();
        assertThat(geiq.article()).startsWith("L2113-13");
        assertThat(geiq.reason()).contains("GEIQ is not an SIAE");
        assertThat(assess(Reservation.SHELTERED_OR_INTEGRATION, GEIQ).reason()).contains("GEIQ is not an SIAE");
    }

    @Test
    void shelteredOrIntegrationAdmitsBothSets() {
        assertThat(EligibilityRules.allowedCategories(Reservation.SHELTERED_OR_INTEGRATION))
                .containsExactlyInAnyOrder(EA, EATT, ESAT, EI, ETTI, AI, ACI, EITI);
        assertThat(assess(Reservation.SHELTERED_OR_INTEGRATION, ESAT).eligible()).isTrue();
        assertThat(assess(Reservation.SHELTERED_OR_INTEGRATION, EITI).eligible()).isTrue();
        assertThat(assess(Reservation.SHELTERED_OR_INTEGRATION, SEP).eligible()).isFalse();
        assertThat(assess(Reservation.SHELTERED_OR_INTEGRATION, ACI).article()).startsWith("L2113-14");
    }

    @Test
    void prisonAdmitsSepOnly() {
        assertThat(EligibilityRules.allowedCategories(Reservation.PRISON)).containsExactly(SEP);
        assertThat(assess(Reservation.PRISON, SEP).eligible()).isTrue();
        assertThat(assess(Reservation.PRISON, SEP).article()).isEqualTo("L2113-13-1");
        assertThat(assess(Reservation.PRISON, EI).eligible()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = Category.class, names = {"ASSOCIATION", "COOPERATIVE", "SCOP", "SCIC", "CAE", "MUTUELLE", "FONDATION", "ESS_COMPANY", "ESUS"})
    void publicServiceMissionAdmitsEveryEssStatusAndEsus(Category c) {
        Eligibility e = assess(Reservation.PUBLIC_SERVICE_MISSION, c);
        assertThat(e.eligible()).isTrue();
        assertThat(e.article()).contains("L2113-15").contains("L2113-16").contains("R2113-8").contains("art. 77");
        assertThat(e.reason()).contains("L2113-16");
    }

    @Test
    void publicServiceMissionTakesDerivedEsusAndRefusesOthers() {
        assertThat(assess(Reservation.PUBLIC_SERVICE_MISSION, ACI).reason()).contains("ESUS agreement by law as ACI");
        assertThat(assess(Reservation.PUBLIC_SERVICE_MISSION, GEIQ).eligible()).isFalse();
        assertThat(assess(Reservation.PUBLIC_SERVICE_MISSION, FAIR_TRADE, PTCE).eligible()).isFalse();
        assertThat(assess(Reservation.PUBLIC_SERVICE_MISSION, SEP).eligible()).isFalse();
        Eligibility expired = EligibilityRules.assess(Reservation.PUBLIC_SERVICE_MISSION, Set.of(ESUS),
                LocalDate.of(2025, 12, 31), TODAY);
        assertThat(expired.eligible()).isFalse();
        assertThat(expired.reason()).contains("ended on 2025-12-31");
        assertThat(EligibilityRules.assess(Reservation.PUBLIC_SERVICE_MISSION, Set.of(ESUS), LocalDate.of(2027, 1, 1), TODAY)
                .eligible()).isTrue();
    }

    @Test
    void everyReservationHasAnArticleAndEveryRefusalSaysWhy() {
        for (Reservation r : Reservation.values()) {
            if (r == Reservation.NONE) {
                continue;
            }
            assertThat(EligibilityRules.article(r)).startsWith(r.article());
            Eligibility refused = assess(r, PTCE);
            assertThat(refused.eligible()).isFalse();
            assertThat(refused.reason()).startsWith("not eligible under " + r.article());
        }
        assertThat(EligibilityRules.allowedByAnyReservation()).doesNotContain(GEIQ, FAIR_TRADE, PTCE).contains(SEP, ESAT, SCOP, ESUS);
    }

    @Test
    void article77LotChecksReadTheRealSocialServicesList() {
        var cpv = ReferenceData.get().cpv();
        // 85312000 (social work services without accommodation) is on cpv_social-service-cpv; 90910000 cleaning is not.
        LotCheck ok = EligibilityRules.checkLot(Reservation.PUBLIC_SERVICE_MISSION, "85312000-9", 24.0, cpv);
        assertThat(ok.qualifies()).isTrue();
        assertThat(ok.reasons()).isEmpty();

        LotCheck cleaning = EligibilityRules.checkLot(Reservation.PUBLIC_SERVICE_MISSION, "90910000-9", 24.0, cpv);
        assertThat(cleaning.qualifies()).isFalse();
        assertThat(cleaning.reasons()).singleElement().asString().contains("90910000").contains("not on the article 77 list");

        LotCheck tooLong = EligibilityRules.checkLot(Reservation.PUBLIC_SERVICE_MISSION, "85312000", 48.0, cpv);
        assertThat(tooLong.qualifies()).isFalse();
        assertThat(tooLong.reasons()).singleElement().asString().contains("48 months exceeds the 36");

        assertThat(EligibilityRules.checkLot(Reservation.PUBLIC_SERVICE_MISSION, "85312000", 36.0, cpv).qualifies()).isTrue();

        LotCheck unknown = EligibilityRules.checkLot(Reservation.PUBLIC_SERVICE_MISSION, "85312000", null, cpv);
        assertThat(unknown.qualifies()).isNull();
        assertThat(unknown.reasons()).singleElement().asString().startsWith("duration unknown");

        LotCheck both = EligibilityRules.checkLot(Reservation.PUBLIC_SERVICE_MISSION, null, 60.0, cpv);
        assertThat(both.qualifies()).isFalse();
        assertThat(both.reasons()).hasSize(2);

        assertThat(EligibilityRules.checkLot(Reservation.INTEGRATION, "90910000", 60.0, cpv).qualifies()).isTrue();
    }
}
