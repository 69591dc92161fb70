package fr.essor.matching;

import fr.essor.http.FieldError;
import fr.essor.http.ProblemException;
import fr.essor.notice.Reservation;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Category;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MatchRequestTest {
    private final MatchingConfig config = TestData.config();
    private final ReferenceData ref = ReferenceData.get();
    private final Clock clock = Clock.fixed(Instant.parse("2026-09-01T10:00:00Z"), ZoneOffset.UTC);

    private MatchRequest parse(String json) {
        return MatchRequest.parse(new JsonObject(json), config, ref, clock);
    }

    private void assertErrors(String json, String... fields) {
        assertThatThrownBy(() -> parse(json)).isInstanceOfSatisfying(ProblemException.class, p -> {
            assertThat(p.status()).isEqualTo(422);
            assertThat(p.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(fields);
        });
    }

    @Test
    void aFullRequestBecomesALot() {
        MatchRequest r = parse("""
                {"text": "Nettoyage des locaux", "cpv": ["90919200-4", "90911300"], "place": {"postcode": "93100"},
                 "reservation": "integration", "estimatedValue": 120000, "durationMonths": 24,
                 "contractNature": "services", "buyerKind": "local", "lightRegime": false, "size": 50, "page": 1,
                 "weights": {"text": 0.4, "cpv": 0.2}, "preference": {"SCOP": 1}}""");
        LotDescription lot = r.lot();
        assertThat(lot.text()).isEqualTo("Nettoyage des locaux");
        assertThat(lot.cpv()).containsExactly("90919200", "90911300");
        assertThat(lot.place().department()).isEqualTo("93");
        assertThat(lot.place().label()).contains("93100");
        assertThat(lot.reservation()).isEqualTo(Reservation.INTEGRATION);
        assertThat(lot.yearlyValue()).isEqualTo(60_000.0);
        assertThat(lot.consultationDate()).isEqualTo(LocalDate.of(2026, 9, 1));
        assertThat(r.size()).isEqualTo(50);
        assertThat(r.page()).isEqualTo(1);
        assertThat(r.policy().weights().text()).isEqualTo(0.4);
        assertThat(r.policy().weights().geo()).isEqualTo(config.weights().geo());
        assertThat(r.policy().preference().get(Category.SCOP)).isEqualTo(1.0);
        assertThat(r.policy().preference().get(Category.ACI)).isEqualTo(config.preference().get(Category.ACI));
    }

    @Test
    void defaultsWhenOnlyCpvIsGiven() {
        MatchRequest r = parse("{\"cpv\": [\"77310000\"]}");
        assertThat(r.size()).isEqualTo(MatchRequest.DEFAULT_SIZE);
        assertThat(r.page()).isZero();
        assertThat(r.lot().reservation()).isEqualTo(Reservation.NONE);
        assertThat(r.lot().place().hasPoint()).isFalse();
        assertThat(r.policy().weights()).isEqualTo(config.weights());
    }

    @Test
    void placesByPointAndNuts() {
        LotPlace point = parse("{\"text\": \"x\", \"place\": {\"lat\": 48.8566, \"lon\": 2.3522}}").lot().place();
        assertThat(point.hasPoint()).isTrue();
        assertThat(point.department()).isEqualTo("75");
        LotPlace nuts = parse("{\"text\": \"x\", \"place\": {\"nuts\": \"FR101\"}}").lot().place();
        assertThat(nuts.department()).isEqualTo("75");
        assertThat(nuts.hasPoint()).isTrue();
        LotPlace foreign = parse("{\"text\": \"x\", \"place\": {\"nuts\": \"DE300\"}}").lot().place();
        assertThat(foreign.hasPoint()).isFalse();
        assertThat(foreign.label()).contains("location unknown");
    }

    @Test
    void anUnknownFieldIsRefusedNotIgnored() {
        // "reservaton" must not silently match an unreserved lot
        assertErrors("{\"text\": \"Nettoyage\", \"reservaton\": \"integration\"}", "reservaton");
    }

    @Test
    void textOrCpvIsRequired() {
        assertErrors("{}", "text");
        assertErrors("{\"text\": \"   \", \"cpv\": []}", "text");
    }

    @Test
    void sizeAboveOneHundredIs422() {
        assertErrors("{\"text\": \"x\", \"size\": 101}", "size");
        assertErrors("{\"text\": \"x\", \"size\": 0}", "size");
        assertErrors("{\"text\": \"x\", \"size\": 2.5}", "size");
        assertErrors("{\"text\": \"x\", \"size\": \"20\"}", "size");
        assertThat(parse("{\"text\": \"x\", \"size\": 100}").size()).isEqualTo(100);
        assertErrors("{\"text\": \"x\", \"size\": 100, \"page\": 10}", "page");
        assertErrors("{\"text\": \"x\", \"page\": -1}", "page");
    }

    @Test
    void everyBadFieldIsNamed() {
        assertErrors("""
                {"text": 12, "cpv": ["9091", "99999999", 4], "place": {"postcode": "9310"}, "reservation": "reserved",
                 "estimatedValue": -1, "durationMonths": 0, "contractNature": "goods", "buyerKind": "state",
                 "lightRegime": "yes"}""",
                "text", "cpv[0]", "cpv[1]", "cpv[2]", "place.postcode", "reservation", "estimatedValue",
                "durationMonths", "contractNature", "buyerKind", "lightRegime");
        assertErrors("{\"text\": \"x\", \"place\": {\"postcode\": \"00000\"}}", "place.postcode");
        assertErrors("{\"text\": \"x\", \"place\": {\"lat\": 95, \"lon\": 2}}", "place.lat");
        assertErrors("{\"text\": \"x\", \"place\": {\"lat\": 48.8}}", "place.lon");
        assertErrors("{\"text\": \"x\", \"place\": {}}", "place");
        assertErrors("{\"text\": \"x\", \"place\": \"Paris\"}", "place");
        assertErrors("{\"text\": \"x\", \"place\": {\"nuts\": \"paris!\"}}", "place.nuts");
        assertErrors("{\"text\": \"x\", \"cpv\": \"90910000\", \"estimatedValue\": {\"amount\": 10, \"currency\": \"USD\"}}",
                "estimatedValue.currency");
    }

    @Test
    void aPlaceMayBeAnInseeCommuneCode() {
        LotPlace place = parse("{\"text\": \"x\", \"place\": {\"insee\": \"93048\"}}").lot().place();
        assertThat(place.department()).isEqualTo("93");
        assertThat(place.lat()).isBetween(48.8, 48.9);
        assertThat(place.label()).isEqualTo("commune 93048 (MONTREUIL)");
        assertThat(parse("{\"text\": \"x\", \"place\": {\"insee\": \"2a004\"}}").lot().place().department()).isEqualTo("2A");
        assertErrors("{\"text\": \"x\", \"place\": {\"insee\": \"93999\"}}", "place.insee");
        assertErrors("{\"text\": \"x\", \"place\": {\"insee\": \"Montreuil\"}}", "place.insee");
        assertErrors("{\"text\": \"x\", \"place\": {\"insee\": 93048}}", "place.insee");
    }

    @Test
    void weightsAndPreferenceOverridesAreChecked() {
        assertErrors("{\"text\": \"x\", \"weights\": {\"text\": 0.5}}", "weights");
        assertErrors("{\"text\": \"x\", \"weights\": {\"colour\": 0.1}}", "weights.colour");
        assertErrors("{\"text\": \"x\", \"weights\": {\"geo\": 1.5}}", "weights.geo");
        assertErrors("{\"text\": \"x\", \"weights\": [0.2]}", "weights");
        assertErrors("{\"text\": \"x\", \"preference\": {\"SIAE\": 1}}", "preference.SIAE");
        assertErrors("{\"text\": \"x\", \"preference\": {\"EI\": 2}}", "preference.EI");
        MatchRequest ok = parse("{\"text\": \"x\", \"weights\": {\"text\": 0.2, \"cpv\": 0.2, \"geo\": 0.2,"
                + " \"capacity\": 0.2, \"preference\": 0.2}}");
        assertThat(ok.policy().weights().sumsToOne()).isTrue();
    }

    @Test
    void moneyObjectsInEurosAreTaken() {
        assertThat(parse("{\"text\": \"x\", \"estimatedValue\": {\"amount\": 50000, \"currency\": \"EUR\"}}")
                .lot().estimatedValue()).isEqualTo(50_000.0);
        assertThat(parse("{\"cpv\": [\"90910000\"], \"estimatedValue\": 0}").lot().estimatedValue()).isZero();
    }
}
