package fr.essor.matching.eval;

import java.util.List;

/** nDCG@k with exponential gains 2^rel − 1 and log2(rank + 1) discounts (Järvelin and Kekäläinen). */
final class Ndcg {
    private Ndcg() {
    }

    static double dcg(List<Double> relevances, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, relevances.size()); i++) {
            dcg += (Math.pow(2, relevances.get(i)) - 1) / (Math.log(i + 2) / Math.log(2));
        }
        return dcg;
    }

    /** The ranking's DCG over the DCG of the best ordering of {@code all}; NaN when nothing is relevant. */
    static double ndcg(List<Double> ranking, List<Double> all, int k) {
        List<Double> ideal = all.stream().sorted((a, b) -> Double.compare(b, a)).toList();
        double best = dcg(ideal, k);
        return best == 0 ? Double.NaN : dcg(ranking, k) / best;
    }
}
