package fr.essor.matching.eval;

import fr.essor.matching.MatchingConfig;
import fr.essor.matching.TestData;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ranking quality on the real registry (quality, not time): essor's condensed nDCG@10 at least 0.83 and at least 0.10
 * above the straightforward approach, and no ineligible supplier for a reserved lot; the strict figure is reported.
 * A regression guard, not an independent judgement: its relevance follows NAF codes, the same knowledge as the
 * CPV↔NAF affinity table the ranker uses, and it leaves out the enterprises whose NAF says nothing (the real-winners
 * evaluation, RealWinnersTest, is the one that can tell whether essor finds who really wins).
 */
class RankingQualityTest {

    @Test
    void essorRanksTheRightTradesNearbyBetterThanTheBaselines() throws Exception {
        MatchingConfig config = TestData.config();
        RankingEvaluation.Report report = RankingEvaluation.run(config);

        System.out.println("nDCG@10 per lot: essor | straightforward | distance (condensed; strict in brackets)");
        for (RankingEvaluation.LotResult r : report.lots()) {
            System.out.printf(Locale.ROOT, "%-24s %-24s %.3f [%.3f] | %.3f [%.3f] | %.3f [%.3f]  returned %d, ineligible %d  top: %s%n",
                    r.lot(), r.reservation(), r.essor(), r.essorStrict(), r.straightforward(), r.straightforwardStrict(),
                    r.distance(), r.distanceStrict(), r.essorReturned(), r.essorIneligible(), r.essorTop());
        }
        System.out.printf(Locale.ROOT, "MEAN over %d lots  essor %.3f [%.3f]  straightforward %.3f [%.3f]  distance %.3f [%.3f]  ineligible %d%n",
                report.lots().size(), report.essor(), report.essorStrict(), report.straightforward(),
                report.straightforwardStrict(), report.distance(), report.distanceStrict(), report.ineligible());

        assertThat(report.lots()).hasSizeBetween(30, 40);
        assertThat(report.ineligible()).isZero();
        assertThat(report.essor()).isGreaterThanOrEqualTo(0.83);
        assertThat(report.essor() - report.straightforward()).isGreaterThanOrEqualTo(0.10);
    }
}
