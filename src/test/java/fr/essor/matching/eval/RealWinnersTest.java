package fr.essor.matching.eval;

import fr.essor.matching.MatchingConfig;
import fr.essor.matching.TestData;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An evaluation that can say no: for 31 real public contracts won by enterprises of the registry (DECP
 * 2018–2019, {@link RealAwards}), does essor put the real winner in its first 10 (hit@10), in its first 50
 * (hit@50), and how high (MRR over the first 50), compared with distance alone and with BM25 × distance?
 *
 * <p>The team's target (issue 8) is essor's hit@10 at least 0.15 above distance alone's; it is printed on every run
 * and is not reached yet (see README, "Ranking quality"). What is asserted is that essor keeps the margin it has
 * over distance alone on this set: at least 2 awards more in its first 10, 4 more in its first 50, and an MRR
 * higher by 0.05 — so a change that loses real winners fails here.
 *
 * <p>The awards are a development set for measuring the ranker, never a ranking signal: nothing of them (winners,
 * buyers, amounts as outcomes) may reach essor's code or configuration. Having been tuned against, they are no
 * longer a held-out test: a gain here should be confirmed on awards not yet looked at.
 */
class RealWinnersTest {

    @Test
    void essorPutsRealWinnersHigherThanDistanceAlone() throws Exception {
        MatchingConfig config = TestData.config();
        WinnersEvaluation.Report report = WinnersEvaluation.run(config);
        print(report);

        assertThat(report.awards()).as("awards in %s", RealAwards.FILE).hasSize(31);
        assertThat(report.missingWinners()).as("winner SIRETs absent from the registry").isEmpty();
        double award = 1.0 / report.awards().size();
        System.out.printf(Locale.ROOT, "issue 8 target, essor hit@10 >= distance-only hit@10 + 0.15: %s (%.3f vs %.3f)%n",
                report.essor().hitAt10() >= report.distance().hitAt10() + 0.15 - 1e-9 ? "met" : "NOT met",
                report.essor().hitAt10(), report.distance().hitAt10() + 0.15);
        assertThat(report.essor().hitAt10())
                .as("essor hit@10 (%.3f) must be at least distance-only hit@10 (%.3f) + 2 awards",
                        report.essor().hitAt10(), report.distance().hitAt10())
                .isGreaterThanOrEqualTo(report.distance().hitAt10() + 2 * award - 1e-9);
        assertThat(report.essor().hitAt50())
                .as("essor hit@50 (%.3f) must be at least distance-only hit@50 (%.3f) + 4 awards",
                        report.essor().hitAt50(), report.distance().hitAt50())
                .isGreaterThanOrEqualTo(report.distance().hitAt50() + 4 * award - 1e-9);
        assertThat(report.essor().mrr()).as("essor MRR against distance-only MRR + 0.05")
                .isGreaterThanOrEqualTo(report.distance().mrr() + 0.05);
    }

    private static void print(WinnersEvaluation.Report report) {
        System.out.println("Real winners (" + report.source() + "): rank of the first winner; essor within its first "
                + WinnersEvaluation.DEPTH + " ('-' = absent), baselines over the whole registry");
        System.out.printf(Locale.ROOT, "%-9s %5s %6s %6s  %-15s %-6s %-9s %4s %8s  %s%n", "award", "essor", "bm25xd",
                "dist", "winner", "NAF", "kind", "desc", "km", "why essor misses the first 10");
        for (WinnersEvaluation.AwardResult r : report.awards()) {
            WinnersEvaluation.Winner w = r.winner();
            System.out.printf(Locale.ROOT, "%-9s %5s %6s %6s  %-15s %-6s %-9s %4s %8s  %s%n", r.id(), show(r.essor()),
                    show(r.straightforward()), show(r.distance()),
                    w.siret() + (r.winners() > 1 ? "+" : ""), w.naf(), w.kinds(), w.described() ? "yes" : "no",
                    w.km() == null ? "-" : String.format(Locale.ROOT, "%.1f", w.km()),
                    r.essorMiss() == null ? "" : r.essorMiss());
        }
        System.out.printf(Locale.ROOT, "%-16s %7s %7s %7s%n", "MEAN over " + report.awards().size(), "hit@10", "hit@50", "MRR");
        line("essor", report.essor());
        line("bm25 x distance", report.straightforward());
        line("distance only", report.distance());
        System.out.println("winner SIRETs missing from the registry: " + report.missingWinners().size()
                + (report.missingWinners().isEmpty() ? "" : " " + report.missingWinners()));
    }

    private static void line(String ranker, WinnersEvaluation.Metrics m) {
        System.out.printf(Locale.ROOT, "%-16s %7.3f %7.3f %7.3f%n", ranker, m.hitAt10(), m.hitAt50(), m.mrr());
    }

    private static String show(Integer rank) {
        return rank == null ? "-" : String.valueOf(rank);
    }
}
