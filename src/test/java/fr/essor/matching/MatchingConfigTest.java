package fr.essor.matching;

import fr.essor.registry.Category;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MatchingConfigTest {

    @Test
    void readsEveryDefaultOfTheShippedFile() {
        MatchingConfig c = TestData.config();
        assertThat(c.weights().sumsToOne()).isTrue();
        assertThat(c.revenuePerEmployee()).isEqualTo(60_000);
        assertThat(c.preference()).containsKeys(Category.values());
        assertThat(c.socialConditionFrom()).isEqualTo(LocalDate.of(2026, 8, 21));
        ThresholdPeriod p = c.thresholdsOn(LocalDate.of(2026, 8, 21));
        assertThat(p.works()).isEqualTo(5_404_000);
        assertThat(p.suppliesServicesLocal()).isEqualTo(216_000);
        assertThat(p.suppliesServicesCentral()).isEqualTo(140_000);
        assertThat(p.socialServices()).isEqualTo(750_000);
        assertThat(c.thresholdsOn(LocalDate.of(2028, 1, 1))).isNull();
        assertThat(c.reservability().reserveContractAbove()).isEqualTo(30);
        assertThat(c.reservability().maxDependency()).isEqualTo(0.30);
    }

    private static void assertRejected(Consumer<JsonObject> change, String key, String message) {
        JsonObject section = TestData.matchingSection().copy();
        change.accept(section);
        assertThatThrownBy(() -> MatchingConfig.fromJson(section))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void weightsThatDoNotSumToOneNameTheWeights() {
        assertRejected(s -> s.getJsonObject("weights").put("text", 0.35), "matching.weights", "must sum to 1");
        // within the tolerance
        JsonObject ok = TestData.matchingSection().copy();
        ok.getJsonObject("weights").put("text", 0.3000000001);
        assertThat(MatchingConfig.fromJson(ok).weights().text()).isEqualTo(0.3000000001);
    }

    @Test
    void eachBadValueNamesItsKey() {
        assertRejected(s -> s.getJsonObject("weights").remove("geo"), "matching.weights.geo", "missing");
        assertRejected(s -> s.getJsonObject("weights").put("cpv", -0.1), "matching.weights.cpv", "between 0");
        assertRejected(s -> s.getJsonObject("weights").put("text", "0.3"), "matching.weights.text", "must be a number");
        assertRejected(s -> s.put("textSaturation", 0), "matching.textSaturation", "greater than 0");
        assertRejected(s -> s.remove("revenuePerEmployee"), "matching.revenuePerEmployee", "missing");
        assertRejected(s -> s.put("candidates", 2.5), "matching.candidates", "integer");
        assertRejected(s -> s.put("unknownActivity", 1.5), "matching.unknownActivity", "");
        assertRejected(s -> s.put("weigths", new JsonObject()), "matching.weigths", "unknown key");
        assertRejected(s -> s.getJsonObject("preference").put("SIAE", 1), "matching.preference.SIAE", "unknown category");
        assertRejected(s -> s.getJsonObject("preference").put("EI", 1.5), "matching.preference.EI", "between 0");
        assertRejected(s -> s.put("fairTradeCpvPrefixes", new JsonArray().add("03").add("1x")),
                "matching.fairTradeCpvPrefixes[1]", "CPV prefix");
        assertRejected(s -> s.getJsonObject("reservability").put("reserveLotAbove", 40),
                "matching.reservability.reserveLotAbove", "must not exceed");
        assertRejected(s -> s.put("socialConditionFrom", "21/08/2026"), "matching.socialConditionFrom", "ISO date");
        assertRejected(s -> s.getJsonArray("euThresholds").getJsonObject(0).put("to", "2025-01-01"),
                "matching.euThresholds[0].to", "before from");
        assertRejected(s -> s.getJsonArray("euThresholds").add(s.getJsonArray("euThresholds").getJsonObject(0).copy()),
                "matching.euThresholds[1].from", "overlaps");
        assertThatThrownBy(() -> MatchingConfig.fromJson(null))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.key()).isEqualTo("matching"));
    }

    @Test
    void commentKeysAreIgnored() {
        JsonObject section = TestData.matchingSection();
        assertThat(section.fieldNames()).anyMatch(k -> k.startsWith("_"));
        assertThat(MatchingConfig.fromJson(section)).isNotNull();
    }
}
