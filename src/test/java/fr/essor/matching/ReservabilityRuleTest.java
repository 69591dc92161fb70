package fr.essor.matching;

import fr.essor.notice.Reservation;
import fr.essor.reference.ReferenceData;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Boundaries of Le marché de l'inclusion's rule as configured (30 suppliers, 30 % dependency, 10, 1). */
class ReservabilityRuleTest {
    private final MatchingConfig config = TestData.config();
    private final ReservabilityRule rule = config.reservability();
    private static final SocialCondition SOCIAL = new SocialCondition(false, "below the threshold");
    // 85312000 (social work without accommodation) is on the article 77 list; 90910000 (cleaning) is not.
    private static final Double MISSION_OK = 24.0;
    private static final Double TOO_LONG = 48.0;
    private static final Double NO_DURATION = null;

    /**
     * Counts where sheltered-or-integration and integration have n suppliers within reach of average capacity cap,
     * and public-service-mission has {@code mission}; every basis checked against a social-work lot of that duration.
     */
    private static List<BasisCount> bases(int n, Double averageCapacity, int mission, Double months) {
        List<BasisCount> out = new ArrayList<>();
        for (Reservation r : ReservabilityAdvisor.BASES) {
            int within = r == Reservation.SHELTERED_OR_INTEGRATION || r == Reservation.INTEGRATION ? n
                    : r == Reservation.PUBLIC_SERVICE_MISSION ? mission : 0;
            out.add(new BasisCount(r, EligibilityRules.article(r), within, within, 0, averageCapacity == null ? 0 : within,
                    averageCapacity, EligibilityRules.checkLot(r, "85312000", months, ReferenceData.get().cpv())));
        }
        return out;
    }

    private Recommendation recommend(List<BasisCount> bases, Reservation own, boolean placeKnown, Double yearly) {
        return ReservabilityAdvisor.recommend(bases, own, placeKnown, yearly, rule, SOCIAL);
    }

    private Recommendation recommend(int n, Double yearly, Double capacity) {
        return recommend(bases(n, capacity, 0, MISSION_OK), Reservation.NONE, true, yearly);
    }

    @Test
    void moreThanThirtyWithLowDependencyReservesTheContract() {
        Recommendation r = recommend(31, 29_000.0, 100_000.0);
        assertThat(r.action()).isEqualTo("reserve-contract");
        assertThat(r.article()).startsWith("L2113-14");
        assertThat(r.reason()).contains("31 suppliers").contains("dependency of 29 %");
        assertThat(r.code().token()).isEqualTo("enough-suppliers-low-dependency");
    }

    @Test
    void dependencyAtThirtyPercentOrUnknownOnlyReservesALot() {
        assertThat(recommend(31, 30_000.0, 100_000.0).action()).isEqualTo("reserve-lot");
        assertThat(recommend(31, 30_000.0, 100_000.0).reason()).contains("dependency of 30 %, not under 30 %");
        assertThat(recommend(31, 30_000.0, 100_000.0).code().token()).isEqualTo("dependency-too-high");
        Recommendation unknownCapacity = recommend(40, 30_000.0, null);
        assertThat(unknownCapacity.action()).isEqualTo("reserve-lot");
        assertThat(unknownCapacity.reason()).contains("capacity unknown");
        assertThat(unknownCapacity.code().token()).isEqualTo("dependency-unknown");
        assertThat(recommend(40, null, 100_000.0).reason()).contains("lot value unknown");
    }

    @Test
    void thirtyOrElevenSuppliersReserveALot() {
        assertThat(recommend(30, 1_000.0, 100_000.0).action()).isEqualTo("reserve-lot");
        assertThat(recommend(11, 1_000.0, 100_000.0).action()).isEqualTo("reserve-lot");
        assertThat(recommend(11, 1_000.0, 100_000.0).article()).startsWith("L2113-14");
        assertThat(recommend(11, 1_000.0, 100_000.0).code().token()).isEqualTo("enough-suppliers");
    }

    @Test
    void tenToTwoSuppliersGetAnInsertionClause() {
        Recommendation ten = recommend(10, 1_000.0, 100_000.0);
        assertThat(ten.action()).isEqualTo("insertion-clause");
        assertThat(ten.article()).startsWith("L2112-2");
        assertThat(ten.code().token()).isEqualTo("few-suppliers");
        assertThat(recommend(2, 1_000.0, 100_000.0).action()).isEqualTo("insertion-clause");
    }

    @Test
    void oneOrNoSupplierGetsAnAwardCriterion() {
        assertThat(recommend(1, 1_000.0, 100_000.0).action()).isEqualTo("award-criterion");
        Recommendation none = recommend(0, 1_000.0, 100_000.0);
        assertThat(none.action()).isEqualTo("award-criterion");
        assertThat(none.article()).isEqualTo("R2152-7");
        assertThat(none.reason()).contains("below the threshold");
        assertThat(none.code().token()).isEqualTo("too-few-suppliers");
    }

    @Test
    void publicServiceMissionIsRecommendedWhenItsLotCheckHolds() {
        Recommendation withMission = recommend(bases(5, 100_000.0, 40, MISSION_OK), Reservation.NONE, true, 1_000.0);
        assertThat(withMission.action()).isEqualTo("reserve-contract");
        assertThat(withMission.article()).contains("L2113-15");
    }

    @Test
    void publicServiceMissionIsSkippedWhenItsLotCheckFails() {
        Recommendation without = recommend(bases(5, 100_000.0, 40, TOO_LONG), Reservation.NONE, true, 1_000.0);
        assertThat(without.action()).isEqualTo("insertion-clause");
        assertThat(without.reason()).contains("Public-service-mission not possible").contains("48 months");
    }

    @Test
    void publicServiceMissionWithMostSuppliersButAnUnknownCheckLeavesTheActionUnknown() {
        Recommendation r = recommend(bases(5, 100_000.0, 40, NO_DURATION), Reservation.NONE, true, 1_000.0);
        assertThat(r.action()).isEqualTo("unknown");
        assertThat(r.article()).isNull();
        assertThat(r.code().token()).isEqualTo("lot-check-unknown");
        assertThat(r.reason()).contains("40 suppliers").contains("duration unknown").contains("36 months")
                .contains("reserve-contract if it may, else insertion-clause");
    }

    @Test
    void anUncheckableBasisThatWouldNotChangeTheActionIsOnlyNoted() {
        // 8 under article 77 or 5 under L2113-14: an insertion clause either way
        Recommendation r = recommend(bases(5, 100_000.0, 8, NO_DURATION), Reservation.NONE, true, 1_000.0);
        assertThat(r.action()).isEqualTo("insertion-clause");
        assertThat(r.reason()).contains("Public-service-mission to be checked: duration unknown");
    }

    @Test
    void aLotReservedUnderArticle77ThatCannotBeCheckedLeavesTheActionUnknown() {
        Recommendation r = recommend(bases(40, 100_000.0, 3, NO_DURATION), Reservation.PUBLIC_SERVICE_MISSION, true,
                1_000.0);
        assertThat(r.action()).isEqualTo("unknown");
        assertThat(r.article()).isNull();
        assertThat(r.code()).isEqualTo(Recommendation.Code.LOT_CHECK_UNKNOWN);
        assertThat(r.reason()).contains("reserved under L2113-15").contains("duration unknown");
    }

    @Test
    void anUnknownPlaceLeavesTheActionUnknown() {
        Recommendation r = recommend(bases(0, null, 0, MISSION_OK), Reservation.NONE, false, 1_000.0);
        assertThat(r.action()).isEqualTo("unknown");
        assertThat(r.article()).isNull();
        assertThat(r.code().token()).isEqualTo("place-unknown");
        assertThat(r.reason()).contains("give it").contains("below the threshold");
    }

    @Test
    void everyRecommendationAndEveryBasisHasAReasonWithACode() {
        List<Recommendation> all = new ArrayList<>();
        for (int n : new int[]{0, 1, 2, 10, 11, 30, 31, 40}) {
            for (Double months : new Double[]{MISSION_OK, TOO_LONG, NO_DURATION}) {
                for (Reservation own : List.of(Reservation.NONE, Reservation.PUBLIC_SERVICE_MISSION)) {
                    for (boolean placeKnown : new boolean[]{true, false}) {
                        List<BasisCount> bases = bases(n, n % 2 == 0 ? 100_000.0 : null, 40 - n, months);
                        all.add(recommend(bases, own, placeKnown, n == 30 ? null : 1_000.0));
                        all.add(recommend(bases, own, placeKnown, 50_000.0));
                        for (BasisCount b : bases) {
                            JsonObject json = b.toJson();
                            assertThat(json.getString("lotCheck")).isIn("holds", "fails", "unknown");
                            assertThat(json.getString("lotCheckReason")).isNotBlank();
                            assertThat(json.getString("lotCheckCode")).matches("[a-z0-9]+(-[a-z0-9]+)*");
                        }
                    }
                }
            }
        }
        assertThat(all).extracting(Recommendation::code).doesNotContainNull()
                .contains(Recommendation.Code.values());
        for (Recommendation r : all) {
            JsonObject json = r.toJson();
            assertThat(json.fieldNames()).containsExactlyInAnyOrder("action", "article", "reason", "code");
            assertThat(json.getString("reason")).isNotBlank();
            assertThat(json.getString("code")).isNotBlank().matches("[a-z0-9]+(-[a-z0-9]+)*");
            assertThat(json.getString("article") == null).isEqualTo(r.action().equals("unknown"));
        }
    }

    @Test
    void eachBasisCarriesItsLotCheckInTheAnswer() {
        List<BasisCount> bases = bases(5, 100_000.0, 40, TOO_LONG);
        JsonObject mission = bases.get(ReservabilityAdvisor.BASES.indexOf(Reservation.PUBLIC_SERVICE_MISSION)).toJson();
        assertThat(mission.getString("lotCheck")).isEqualTo("fails");
        assertThat(mission.getString("lotCheckCode")).isEqualTo("duration-over-36-months");
        assertThat(mission.getString("lotCheckReason")).contains("48 months");
        JsonObject integration = bases.get(ReservabilityAdvisor.BASES.indexOf(Reservation.INTEGRATION)).toJson();
        assertThat(integration.getString("lotCheck")).isEqualTo("holds");
        assertThat(integration.getString("lotCheckCode")).isEqualTo("no-lot-condition");
        assertThat(integration.getString("lotCheckReason")).isEqualTo("no lot condition under L2113-13");
        assertThat(bases(5, 100_000.0, 40, MISSION_OK).get(ReservabilityAdvisor.BASES.indexOf(
                Reservation.PUBLIC_SERVICE_MISSION)).toJson().getString("lotCheck")).isEqualTo("holds");
        assertThat(bases(5, 100_000.0, 40, NO_DURATION).get(ReservabilityAdvisor.BASES.indexOf(
                Reservation.PUBLIC_SERVICE_MISSION)).toJson().getString("lotCheck")).isEqualTo("unknown");
    }
}
