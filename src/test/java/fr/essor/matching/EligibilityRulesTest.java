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
                .isEqualTo("{\"reservation\":\"none\",\"article\":null,\"code\":\"not-reserved\",\"reason\":\"lot not reserved: open to all\"}");
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
        assertThat(ok.state()).isEqualTo(LotCheck.State.HOLDS);
        assertThat(ok.code().token()).isEqualTo("article-77-conditions-met");
        assertThat(ok.reason()).contains("85312000").contains("24 months");

        LotCheck cleaning = EligibilityRules.checkLot(Reservation.PUBLIC_SERVICE_MISSION, "90910000-9", 24.0, cpv);
        assertThat(cleaning.state()).isEqualTo(LotCheck.State.FAILS);
        assertThat(cleaning.code().token()).isEqualTo("cpv-not-on-article-77-list");
        assertThat(cleaning.reason()).contains("90910000").contains("not on the article 77 list");

        assertThat(EligibilityRules.checkLot(Reservation.PUBLIC_SERVICE_MISSION, "85312000", 36.0, cpv).holds()).isTrue();

        LotCheck noCode = EligibilityRules.checkLot(Reservation.PUBLIC_SERVICE_MISSION, null, 24.0, cpv);
        assertThat(noCode.state()).isEqualTo(LotCheck.State.UNKNOWN);
        assertThat(noCode.code().token()).isEqualTo("main-cpv-unknown");
    }

    @Test
    void article77HoldsWithinThirtySixMonthsFailsBeyondAndIsUnknownWithoutADuration() {
        var cpv = ReferenceData.get().cpv();
        LotCheck holds = EligibilityRules.checkLot(Reservation.PUBLIC_SERVICE_MISSION, "85312000", 24.0, cpv);
        assertThat(holds.state().token()).isEqualTo("holds");

        LotCheck tooLong = EligibilityRules.checkLot(Reservation.PUBLIC_SERVICE_MISSION, "85312000", 48.0, cpv);
        assertThat(tooLong.state().token()).isEqualTo("fails");
        assertThat(tooLong.code().token()).isEqualTo("duration-over-36-months");
        assertThat(tooLong.reason()).contains("48 months exceeds the 36");

        LotCheck noDuration = EligibilityRules.checkLot(Reservation.PUBLIC_SERVICE_MISSION, "85312000", null, cpv);
        assertThat(noDuration.state().token()).isEqualTo("unknown");
        assertThat(noDuration.code().token()).isEqualTo("duration-unknown");
        assertThat(noDuration.reason()).startsWith("duration unknown").contains("36 months");
    }

    @Test
    void aFailureOutweighsAnUnknownAndBothAreTold() {
        LotCheck both = EligibilityRules.checkLot(Reservation.PUBLIC_SERVICE_MISSION, null, 60.0, ReferenceData.get().cpv());
        assertThat(both.state()).isEqualTo(LotCheck.State.FAILS);
        assertThat(both.code()).isEqualTo(LotCheck.Code.DURATION_OVER_36_MONTHS);
        assertThat(both.findings()).extracting(LotCheck.Finding::code)
                .containsExactly(LotCheck.Code.DURATION_OVER_36_MONTHS, LotCheck.Code.MAIN_CPV_UNKNOWN);
        assertThat(both.reason()).contains("60 months").contains("main CPV unknown");
    }

    @Test
    void everyOtherBasisHoldsWithNoLotCondition() {
        for (Reservation r : Reservation.values()) {
            if (r == Reservation.PUBLIC_SERVICE_MISSION) {
                continue;
            }
            LotCheck check = EligibilityRules.checkLot(r, "90910000", 60.0, ReferenceData.get().cpv());
            assertThat(check.state()).as(r.token()).isEqualTo(LotCheck.State.HOLDS);
            assertThat(check.code().token()).isEqualTo("no-lot-condition");
            assertThat(check.reason()).contains("no lot condition");
            if (r != Reservation.NONE) {
                assertThat(check.reason()).isEqualTo("no lot condition under " + r.article());
            }
        }
    }

    @Test
    void everyLotCheckCodeIsAStableKebabCaseToken() {
        for (LotCheck.Code code : LotCheck.Code.values()) {
            assertThat(code.token()).matches("[a-z0-9]+(-[a-z0-9]+)*");
        }
        assertThat(LotCheck.Code.values()).extracting(LotCheck.Code::token).doesNotHaveDuplicates();
    }
}
