package fr.essor.notice;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PollScheduleTest {
    @Test
    void backsOffExponentiallyUpToTheCapAndResetsOnSuccess() {
        PollSchedule s = new PollSchedule(1_000, 10_000);
        assertThat(s.succeeded()).isEqualTo(1_000);
        assertThat(s.failed()).isEqualTo(2_000);
        assertThat(s.failed()).isEqualTo(4_000);
        assertThat(s.failed()).isEqualTo(8_000);
        assertThat(s.failed()).isEqualTo(10_000);
        for (int i = 0; i < 100; i++) {
            assertThat(s.failed()).isEqualTo(10_000);
        }
        assertThat(s.succeeded()).isEqualTo(1_000);
        assertThat(s.failures()).isZero();
        assertThat(s.failed()).isEqualTo(2_000);
    }
}
