package fr.essor.notice;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CompanyIdsTest {
    @Test
    void digitsWrittenWithSpacesDotsOrNoBreakSpacesAreCompacted() {
        assertThat(CompanyIds.compact(" 123 456 789 00012 ")).isEqualTo("12345678900012");
        assertThat(CompanyIds.compact("123.456.789")).isEqualTo("123456789");
        assertThat(CompanyIds.compact("123\u00a0456\u00a0789\u00a000012")).isEqualTo("12345678900012");
        assertThat(CompanyIds.compact("123 456 789 ")).as("stripped first").isEqualTo("123456789");
    }

    @Test
    void otherIdsAreKeptAsGivenAndBlankIsNone() {
        assertThat(CompanyIds.compact("FR 123 456 789")).isEqualTo("FR 123 456 789");
        assertThat(CompanyIds.compact("12-34")).isEqualTo("12-34");
        assertThat(CompanyIds.compact("   ")).isNull();
        assertThat(CompanyIds.compact(null)).isNull();
    }
}
