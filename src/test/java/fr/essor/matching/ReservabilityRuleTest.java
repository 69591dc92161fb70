package fr.essor.matching;

import fr.essor.notice.Reservation;
import fr.essor.reference.ReferenceData;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Boundaries of Le marché de l'inclusion's rule as configured (30 suppliers, 30 % dependency, 10, 1). */
class ReservabilityRuleTest {
    private final MatchingConfig config = TestData.config();
    private final ReservabilityRule rule = config.reservability();
    private static final SocialCondition SOCIAL = new SocialCondition(false, "below the threshold");
    private final LotCheck missionOk = EligibilityRules.checkLot(Reservation.PUBLIC_SERVICE_MISSION, "85312000", 24.0,
            ReferenceData.get().cpv());
    private final LotCheck missionNo = EligibilityRules.checkLot(Reservation.PUBLIC_SERVICE_MISSION, "90910000", 24.0,
            ReferenceData.get().cpv());

    /** Counts where sheltered-or-integration has n suppliers within reach of average capacity cap. */
    private static List<BasisCount> bases(int n, Double averageCapacity, int mission) {
        List<BasisCount> out = new ArrayList<>();
        for (Reservation r : ReservabilityAdvisor.BASES) {
            int within = r == Reservation.SHELTERED_OR_INTEGRATION || r == Reservation.INTEGRATION ? n
                    : r == Reservation.PUBLIC_SERVICE_MISSION ? mission : 0;
            out.add(new BasisCount(r, EligibilityRules.article(r), within, within, 0, averageCapacity == null ? 0 : within,
                    averageCapacity == null ? null : averageCapacity));
        }
        return out;
    }

    private Recommendation recommend(int n, Double yearly, Double capacity) {
        return ReservabilityAdvisor.recommend(bases(n, capacity, 0), missionOk, yearly, rule, SOCIAL, false);
    }

    @Test
    void moreThanThirtyWithLowDependencyReservesTheContract() {
        Recommendation r = recommend(31, 29_000.0, 100_000.0);
        assertThat(r.action()).isEqualTo("reserve-contract");
        assertThat(r.article()).startsWith("L2113-14");
        assertThat(r.reason()).contains("31 suppliers").contains("dependency of 29 %");
    }

    @Test
    void dependencyAtThirtyPercentOrUnknownOnlyReservesALot() {
        assertThat(recommend(31, 30_000.0, 100_000.0).action()).isEqualTo("reserve-lot");
        assertThat(recommend(31, 30_000.0, 100_000.0).reason()).contains("dependency of 30 %, not under 30 %");
        Recommendation unknownCapacity = recommend(40, 30_000.0, null);
        assertThat(unknownCapacity.action()).isEqualTo("reserve-lot");
        assertThat(unknownCapacity.reason()).contains("capacity unknown");
        assertThat(recommend(40, null, 100_000.0).reason()).contains("lot value unknown");
    }

    @Test
    void thirtyOrElevenSuppliersReserveALot() {
        assertThat(recommend(30, 1_000.0, 100_000.0).action()).isEqualTo("reserve-lot");
        assertThat(recommend(11, 1_000.0, 100_000.0).action()).isEqualTo("reserve-lot");
        assertThat(recommend(11, 1_000.0, 100_000.0).article()).startsWith("L2113-14");
    }

    @Test
    void tenToTwoSuppliersGetAnInsertionClause() {
        Recommendation ten = recommend(10, 1_000.0, 100_000.0);
        assertThat(ten.action()).isEqualTo("insertion-clause");
        assertThat(ten.article()).startsWith("L2112-2");
        assertThat(recommend(2, 1_000.0, 100_000.0).action()).isEqualTo("insertion-clause");
    }

    @Test
    void oneOrNoSupplierGetsAnAwardCriterion() {
        assertThat(recommend(1, 1_000.0, 100_000.0).action()).isEqualTo("award-criterion");
        Recommendation none = recommend(0, 1_000.0, 100_000.0);
        assertThat(none.action()).isEqualTo("award-criterion");
        assertThat(none.article()).isEqualTo("R2152-7");
        assertThat(none.reason()).contains("below the threshold");
    }

    @Test
    void publicServiceMissionCountsOnlyWhenTheLotQualifies() {
        Recommendation withMission = ReservabilityAdvisor.recommend(bases(5, 100_000.0, 40), missionOk, 1_000.0, rule, SOCIAL, false);
        assertThat(withMission.action()).isEqualTo("reserve-contract");
        assertThat(withMission.article()).contains("L2113-15");
        Recommendation without = ReservabilityAdvisor.recommend(bases(5, 100_000.0, 40), missionNo, 1_000.0, rule, SOCIAL, false);
        assertThat(without.action()).isEqualTo("insertion-clause");
        assertThat(without.reason()).contains("Public-service-mission not possible").contains("article 77");
    }
}
