package fr.essor.registry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SiretTest {

    @Test
    void luhnChecksumDecides() {
        assertThat(Siret.isValid("80746931700018")).isTrue(); // BALUCHON, siae_lemarche.csv line 2
        assertThat(Siret.isValid("80746931700019")).isFalse();
        assertThat(Siret.isValid("12345678901234")).isFalse(); // siae_lemarche.csv line 3850
    }

    @Test
    void laPosteIsValidWhenItsDigitSumIsAMultipleOfFive() {
        assertThat(Siret.isValid("35600000010014")).isTrue();  // digit sum 20, Luhn fails
        assertThat(Siret.isValid("35600000010013")).isFalse(); // Luhn passes, digit sum 19
    }

    @Test
    void shapeIsFourteenDigits() {
        assertThat(Siret.isValid("8074693170001")).isFalse();
        assertThat(Siret.isValid("807469317000180")).isFalse();
        assertThat(Siret.isValid("8074693170001A")).isFalse();
        assertThat(Siret.isValid(null)).isFalse();
        assertThat(Siret.problem("807 469 317 00018")).isEqualTo("must be 14 digits");
        assertThat(Siret.problem("80746931700019")).contains("checksum");
        assertThat(Siret.problem("80746931700018")).isNull();
    }
}
