package fr.essor.matching.eval;

import fr.essor.matching.LotDescription;
import fr.essor.matching.LotPlace;
import fr.essor.matching.MatchItem;
import fr.essor.matching.Matcher;
import fr.essor.matching.MatchingConfig;
import fr.essor.matching.PlaceResolver;
import fr.essor.matching.ScoringPolicy;
import fr.essor.notice.Reservation;
import fr.essor.registry.Enterprise;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Ranking quality on the real registry: for each lot of {@link EvalLots}, nDCG@10 of essor's ranking (index
 * retrieval + explained score, as served) and of two baselines computed in the same run, against relevance judged
 * from NAF activities ({@link TradeJudgements}) faded by distance. Eligibility for reserved lots is judged from the
 * source's raw kinds, not from essor's rules.
 */
public final class RankingEvaluation {
    static final int K = 10;
    private static final Set<String> SIAE = Set.of("EI", "ETTI", "AI", "ACI", "EITI");
    private static final Set<String> SHELTERED = Set.of("EA", "EATT", "ESAT");

    /** Per lot and system: condensed nDCG (unjudged left out) and strict nDCG (unjudged count as irrelevant). */
    public record LotResult(String lot, String reservation, double essor, double essorStrict, double straightforward,
                            double straightforwardStrict, double distance, double distanceStrict, int essorReturned,
                            int essorIneligible, List<String> essorTop) {
    }

    public record Report(List<LotResult> lots) {
        double mean(Function<LotResult, Double> f) {
            return lots.stream().mapToDouble(f::apply).average().orElse(Double.NaN);
        }

        public double essor() { return mean(LotResult::essor); }
        public double essorStrict() { return mean(LotResult::essorStrict); }
        public double straightforward() { return mean(LotResult::straightforward); }
        public double straightforwardStrict() { return mean(LotResult::straightforwardStrict); }
        public double distance() { return mean(LotResult::distance); }
        public double distanceStrict() { return mean(LotResult::distanceStrict); }
        public int ineligible() { return lots.stream().mapToInt(LotResult::essorIneligible).sum(); }
    }

    public static Report run(MatchingConfig config) throws Exception {
        try (IndexedRegistry bench = IndexedRegistry.open(config)) {
            LemarcheRegistry registry = bench.registry;
            Map<String, Enterprise> bySiret = bench.bySiret;
            Matcher matcher = bench.matcher;
            PlaceResolver places = new PlaceResolver(bench.ref.geography());
            List<LotResult> results = new ArrayList<>();
            for (EvalLots.EvalLot l : EvalLots.ALL) {
                LotPlace place = places.postcode(l.postcode(), null).orElseThrow(() -> new IllegalStateException(l.postcode()));
                Reservation reservation = Reservation.fromToken(l.reservation()).orElseThrow();
                LotDescription lot = new LotDescription(l.id(), l.title() + "\n" + l.description(), l.cpv().stream()
                        .map(fr.essor.reference.CpvCatalog::normalize).toList(), place, reservation, null, null, null,
                        null, null, null, LocalDate.now(IndexedRegistry.CLOCK));

                Map<String, Double> distances = bench.distances(place);
                Function<String, Boolean> eligible = siret -> eligible(reservation, registry.rawKinds.get(siret));
                Function<String, Integer> grade = siret -> TradeJudgements.grade(l.trade(), bySiret.get(siret).naf());
                Function<String, Double> relevance = siret -> {
                    Integer g = grade.apply(siret);
                    return g == null ? null : g * TradeJudgements.distanceFactor(distances.get(siret));
                };
                List<Double> all = registry.enterprises.stream().map(Enterprise::siret).filter(eligible::apply)
                        .map(relevance).filter(java.util.Objects::nonNull).toList();

                // essor, as served: a page of the matcher over the index
                List<MatchItem> items = matcher.match(lot, ScoringPolicy.of(config), 0, 100).items();
                List<String> essor = items.stream().map(MatchItem::siret).toList();
                int ineligible = (int) essor.stream().filter(s -> !eligible.apply(s)).count();

                // straightforward: BM25 over name + NAF label + description × distance decay
                Map<String, Double> bm25 = new HashMap<>(bench.straightforward.bm25(l.title() + "\n" + l.description()));
                bm25.keySet().removeIf(s -> !eligible.apply(s));
                List<String> plain = StraightforwardBaseline.ranked(bm25, distances);

                // distance only
                List<String> nearest = IndexedRegistry.nearestFirst(registry.enterprises.stream().map(Enterprise::siret)
                        .filter(eligible::apply).toList(), distances);

                if (l.id().equals(System.getProperty("eval.debug"))) {
                    debug(l, registry, bySiret, eligible, relevance, distances, items, plain);
                }
                double essorNdcg = condensed(essor, relevance, all);
                if (Double.isNaN(essorNdcg)) {
                    throw new IllegalStateException("lot " + l.id() + " has nothing relevant: choose another place");
                }
                results.add(new LotResult(l.id(), l.reservation(), essorNdcg, strict(essor, relevance, all),
                        condensed(plain, relevance, all), strict(plain, relevance, all),
                        condensed(nearest, relevance, all), strict(nearest, relevance, all), essor.size(), ineligible,
                        items.stream().limit(5).map(i -> i.enterprise().naf() + " " + i.enterprise().name()).toList()));
            }
            return new Report(results);
        }
    }

    /** With -Deval.debug=LOT_ID: the lot's best judged suppliers, their ranks, and essor's first items explained. */
    private static void debug(EvalLots.EvalLot l, LemarcheRegistry registry, Map<String, Enterprise> bySiret,
                              Function<String, Boolean> eligible, Function<String, Double> relevance,
                              Map<String, Double> distances, List<MatchItem> items, List<String> plain) {
        System.out.println("== " + l.id());
        List<String> essor = items.stream().map(MatchItem::siret).toList();
        registry.enterprises.stream().map(Enterprise::siret).filter(eligible::apply)
                .filter(s -> relevance.apply(s) != null && relevance.apply(s) > 0)
                .sorted(Comparator.comparing(relevance).reversed())
                .limit(15)
                .forEach(s -> System.out.printf("ideal rel %.2f d=%s essor#%d plain#%d %s %s%n", relevance.apply(s),
                        distances.get(s), essor.indexOf(s), plain.indexOf(s), bySiret.get(s).naf(), bySiret.get(s).name()));
        for (int i = 0; i < Math.min(15, items.size()); i++) {
            MatchItem it = items.get(i);
            System.out.println("#" + i + " rel=" + relevance.apply(it.siret()) + " " + it.toJson().encode());
        }
    }

    /** Unjudged enterprises left out of the ranking; judged ones keep their order. */
    private static double condensed(List<String> ranking, Function<String, Double> relevance, List<Double> all) {
        List<Double> judged = ranking.stream().map(relevance).filter(java.util.Objects::nonNull).toList();
        return Ndcg.ndcg(judged, all, K);
    }

    /** Unjudged enterprises count as irrelevant. */
    private static double strict(List<String> ranking, Function<String, Double> relevance, List<Double> all) {
        List<Double> gains = ranking.stream().map(relevance).map(r -> r == null ? 0.0 : r).toList();
        return Ndcg.ndcg(gains, all, K);
    }

    /** Who may bid, from the source's kinds: SIAE for integration, with EA/ESAT for L2113-14, SIAE and EA (ESUS by law) for article 77. */
    static boolean eligible(Reservation reservation, Set<String> kinds) {
        return switch (reservation) {
            case NONE -> true;
            case INTEGRATION -> kinds.stream().anyMatch(SIAE::contains);
            case SHELTERED -> kinds.stream().anyMatch(SHELTERED::contains);
            case SHELTERED_OR_INTEGRATION, PUBLIC_SERVICE_MISSION ->
                    kinds.stream().anyMatch(k -> SIAE.contains(k) || SHELTERED.contains(k));
            case PRISON -> kinds.contains("SEP");
        };
    }
}
