package fr.essor.bench;

import fr.essor.config.EssorConfig;
import fr.essor.matching.MatchingConfig;
import fr.essor.registry.index.LemarcheFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's questions: many, distinct, a real share, places where the enterprises are; the same for a seed. */
class MatchWorkloadTest {
    private static MatchWorkload workload;
    private static GeneratedRegistry registry;

    @BeforeAll
    static void build() throws Exception {
        registry = new GeneratedRegistry(1);
        workload = MatchWorkload.build(registry, config(), 7, 2_200, 300);
    }

    private static MatchingConfig config() {
        return MatchingConfig.fromJson(EssorConfig.load(Map.of()).section(MatchingConfig.SECTION));
    }

    @Test
    void twoThousandDistinctQuestionsAndAWarmUpApart() {
        Set<String> bodies = new HashSet<>();
        workload.measured.forEach(q -> bodies.add(q.body().encode()));
        assertThat(bodies).hasSize(workload.measured.size()).hasSizeGreaterThanOrEqualTo(2_000);
        assertThat(workload.warmUp).hasSize(300)
                .noneMatch(q -> bodies.contains(q.body().encode()));
    }

    @Test
    void aRealShareFromEveryKindOfNotice() {
        assertThat(workload.realCount()).as("%s", workload.origins()).isGreaterThanOrEqualTo(300);
        assertThat(workload.origins()).containsKeys("eforms-sdk", "eforms-ted", "ocds", "decp", "generated");
        assertThat(workload.measured).allMatch(q -> !q.lot().text().isBlank() || !q.lot().cpv().isEmpty());
    }

    @Test
    void generatedTextsAreAboutTwoHundredFiftyCharacters() {
        List<Integer> lengths = workload.measured.stream().filter(q -> !q.real()).map(q -> q.lot().text().length()).toList();
        assertThat(lengths.stream().mapToInt(Integer::intValue).average().orElse(0)).isBetween(200.0, 290.0);
    }

    /** Communes holding real enterprises are a few percent of all, yet most drawn places fall in them. */
    @Test
    void placesAreDrawnWhereTheEnterprisesAre() {
        Set<String> realPostcodes = new HashSet<>();
        LemarcheFixture.enterprises().forEach(e -> realPostcodes.add(e.postcode()));
        long drawn = workload.measured.stream().filter(q -> q.body().getJsonObject("place").containsKey("insee")).count();
        long inReal = workload.measured.stream().filter(q -> q.body().getJsonObject("place").containsKey("insee"))
                .filter(q -> q.lot().place().hasPoint())
                .filter(q -> realPostcodes.contains(postcodeOf(q.body().getJsonObject("place").getString("insee"))))
                .count();
        assertThat(drawn).isGreaterThan(1_000);
        assertThat((double) inReal / drawn).isGreaterThan(0.6);
    }

    @Test
    void theSameSeedAsksTheSameQuestions() throws Exception {
        MatchWorkload again = MatchWorkload.build(new GeneratedRegistry(1), config(), 7, 2_200, 300);
        assertThat(again.measured.stream().map(q -> q.body().encode()).toList())
                .isEqualTo(workload.measured.stream().map(q -> q.body().encode()).toList());
    }

    private static String postcodeOf(String insee) {
        return registry.postcodeOf(insee);
    }
}
