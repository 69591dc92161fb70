package fr.essor.matching;

import fr.essor.notice.Reservation;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SocialConditionTest {
    private final MatchingConfig config = TestData.config();
    private static final LocalDate AFTER = LocalDate.of(2026, 9, 1);

    private SocialCondition assess(Double value, String nature, String buyer, Boolean light, LocalDate date) {
        return SocialCondition.assess(new LotDescription(null, "", List.of(), null, Reservation.NONE, value, value,
                12.0, nature, buyer, light, date), config);
    }

    @Test
    void notRequiredBeforeTheTwentyFirstOfAugust2026() {
        SocialCondition c = assess(10_000_000.0, "works", "local", false, LocalDate.of(2026, 8, 20));
        assertThat(c.required()).isFalse();
        assertThat(c.reason()).contains("before 2026-08-21");
        assertThat(assess(10_000_000.0, "works", "local", false, LocalDate.of(2026, 8, 21)).required()).isTrue();
    }

    @Test
    void thresholdsByNatureAndBuyerKind() {
        assertThat(assess(5_404_000.0, "works", null, null, AFTER).required()).isTrue();
        assertThat(assess(5_403_999.0, "works", null, null, AFTER).required()).isFalse();
        assertThat(assess(216_000.0, "services", "local", false, AFTER).required()).isTrue();
        assertThat(assess(215_999.0, "services", "local", false, AFTER).required()).isFalse();
        assertThat(assess(140_000.0, "supplies", "central", null, AFTER).required()).isTrue();
        assertThat(assess(139_999.0, "supplies", "central", null, AFTER).required()).isFalse();
        assertThat(assess(200_000.0, "supplies", "other", null, AFTER).required()).isFalse();
        assertThat(assess(749_999.0, "services", "local", true, AFTER).required()).isFalse();
        assertThat(assess(750_000.0, "services", "central", true, AFTER).reason()).contains("750,000 €");
    }

    @Test
    void unknownWhenTheAnswerDependsOnWhatIsNotKnown() {
        SocialCondition nature = assess(300_000.0, null, "local", false, AFTER);
        assertThat(nature.required()).isNull();
        assertThat(nature.reason()).startsWith("unknown: contract nature unknown");
        SocialCondition kind = assess(180_000.0, "supplies", null, null, AFTER);
        assertThat(kind.required()).isNull();
        assertThat(kind.reason()).contains("buyer kind unknown");
        // decidable despite the unknowns: below every threshold, or above every one
        assertThat(assess(100_000.0, null, null, null, AFTER).required()).isFalse();
        assertThat(assess(6_000_000.0, null, null, null, AFTER).required()).isTrue();
        assertThat(assess(null, "works", "local", false, AFTER).reason()).isEqualTo("unknown: contract value unknown");
        assertThat(assess(300_000.0, "services", "local", false, LocalDate.of(2028, 3, 1)).reason())
                .contains("no EU thresholds configured for 2028-03-01");
    }

    @Test
    void aLotValueAloneIsALowerBoundOfTheContract() {
        LotDescription lot = new LotDescription("LOT-0001", "", List.of(), null, Reservation.NONE, 100_000.0, null,
                12.0, "services", "local", false, AFTER);
        assertThat(SocialCondition.assess(lot, config).required()).isNull();
        LotDescription big = new LotDescription("LOT-0001", "", List.of(), null, Reservation.NONE, 300_000.0, null,
                12.0, "services", "local", false, AFTER);
        assertThat(SocialCondition.assess(big, config).required()).isTrue();
    }
}
