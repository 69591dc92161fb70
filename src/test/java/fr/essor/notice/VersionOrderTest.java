package fr.essor.notice;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class VersionOrderTest {
    private static final OffsetDateTime JAN = OffsetDateTime.parse("2024-01-10T10:00:00+01:00");
    private static final OffsetDateTime FEB = OffsetDateTime.parse("2024-02-10T10:00:00+01:00");

    @Test
    void laterPublicationWins() {
        assertThat(VersionOrder.replaces(FEB, "01", JAN, "02")).isTrue();
        assertThat(VersionOrder.replaces(JAN, "02", FEB, "01")).isFalse();
    }

    @Test
    void samePublicationHigherVersionWinsNumerically() {
        assertThat(VersionOrder.replaces(JAN, "10", JAN, "9")).isTrue();
        assertThat(VersionOrder.replaces(JAN, "01", JAN, "02")).isFalse();
        assertThat(VersionOrder.replaces(null, "02", null, "01")).isTrue();
    }

    @Test
    void otherwiseTheLaterArrivalWins() {
        assertThat(VersionOrder.replaces(null, "ocds-1-tender", JAN, "ocds-1-planning")).isTrue();
        assertThat(VersionOrder.replaces(JAN, "b", JAN, "a")).isTrue();
    }
}
