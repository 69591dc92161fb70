package fr.essor.matching.eval;

import fr.essor.matching.Components;
import fr.essor.matching.GrantedActivity;
import fr.essor.matching.IndexCandidates;
import fr.essor.registry.index.CandidateQuery;
import fr.essor.matching.LotDescription;
import fr.essor.matching.LotPlace;
import fr.essor.matching.MatchItem;
import fr.essor.matching.MatchingConfig;
import fr.essor.matching.PlaceResolver;
import fr.essor.matching.ScoringPolicy;
import fr.essor.notice.Reservation;
import fr.essor.reference.CpvCatalog;
import fr.essor.registry.Enterprise;
import fr.essor.registry.index.Boosts;
import fr.essor.registry.index.EnterpriseSchema;
import fr.essor.registry.index.FrenchTextAnalyzer;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Where the real winner of each {@link RealAwards} lot lands in essor's ranking (as an officer's POST /api/match
 * would get it) and in two plain baselines computed in the same run: distance only, and BM25 × distance. A hit
 * at k is any listed winner among the first k; an award without a place is a miss for every ranker.
 */
final class WinnersEvaluation {
    /** What essor serves and what the metrics look at. */
    static final int DEPTH = 50;

    /** The winner an award's row describes: the nearest located one (the first listed when none is). */
    record Winner(String siret, String naf, String kinds, boolean described, Double km) {
    }

    /**
     * One award's outcome.
     *
     * @param winners         how many establishments won it
     * @param essor           1-based rank of the first winner in essor's first {@link #DEPTH}, null when absent
     * @param straightforward 1-based rank of the first winner in the whole BM25 × distance ranking, null without a place
     * @param distance        same in the whole distance-only ranking
     * @param essorMiss       why essor does not put a winner in its first 10 (diagnostic), null when it does
     */
    record AwardResult(String id, int winners, Integer essor, Integer straightforward,
                       Integer distance, Winner winner, String essorMiss) {
    }

    record Metrics(double hitAt10, double hitAt50, double mrr) {
        static Metrics of(List<Integer> ranks) {
            return new Metrics(share(ranks, 10), share(ranks, DEPTH), ranks.stream()
                    .mapToDouble(r -> r != null && r <= DEPTH ? 1.0 / r : 0).average().orElse(Double.NaN));
        }

        private static double share(List<Integer> ranks, int k) {
            return ranks.stream().filter(r -> r != null && r <= k).count() / (double) ranks.size();
        }
    }

    /** @param missingWinners winner SIRETs the registry does not hold (no ranker can find them) */
    record Report(String source, List<AwardResult> awards, List<String> missingWinners) {
        Metrics essor() { return metrics(AwardResult::essor); }
        Metrics straightforward() { return metrics(AwardResult::straightforward); }
        Metrics distance() { return metrics(AwardResult::distance); }

        private Metrics metrics(Function<AwardResult, Integer> rank) {
            return Metrics.of(awards.stream().map(rank).toList());
        }
    }

    private WinnersEvaluation() {
    }

    static Report run(MatchingConfig config) throws Exception {
        RealAwards.Awards data = RealAwards.load();
        try (IndexedRegistry bench = IndexedRegistry.open(config)) {
            Diagnosis diagnosis = new Diagnosis(bench, config);
            PlaceResolver places = new PlaceResolver(bench.ref.geography());
            List<String> allSirets = bench.registry.enterprises.stream().map(Enterprise::siret).toList();
            List<AwardResult> results = new ArrayList<>();
            for (RealAwards.Award a : data.awards()) {
                if (!a.hasPlace()) {
                    results.add(new AwardResult(a.id(), a.winners().size(), null, null, null,
                            winner(a, bench, Map.of()), "no place: a miss by rule"));
                    continue;
                }
                LotDescription lot = lot(a, places.point(a.lat(), a.lon()), bench);
                Map<String, Double> km = bench.distances(lot.place());

                List<MatchItem> served = bench.matcher.match(lot, ScoringPolicy.of(config), 0, DEPTH).items();
                List<String> essor = served.stream().map(MatchItem::siret).toList();
                if (a.id().equals(System.getProperty("eval.debug"))) {
                    // with -Deval.debug=AWARD_ID: essor's first items explained, to read what outranks the winner
                    served.stream().limit(15).forEach(i -> System.out.println(i.toJson().encode()));
                }
                List<String> nearest = IndexedRegistry.nearestFirst(allSirets, km);
                List<String> straightforward = straightforward(a.text(), km, nearest, bench.straightforward);

                Integer essorRank = rank(essor, a.winners());
                results.add(new AwardResult(a.id(), a.winners().size(), essorRank,
                        rank(straightforward, a.winners()), rank(nearest, a.winners()), winner(a, bench, km),
                        essorRank != null && essorRank <= 10 ? null : diagnosis.why(lot, a.winners(), km)));
            }
            List<String> missing = data.awards().stream().flatMap(a -> a.winners().stream()).distinct()
                    .filter(s -> !bench.bySiret.containsKey(s)).toList();
            return new Report(data.source(), results, missing);
        }
    }

    /**
     * The lot as POST /api/match builds it from {text, cpv, place: {lat, lon}, estimatedValue, durationMonths}:
     * unreserved, the value also as the contract's, today's date; CPV codes the API would reject are left out.
     */
    private static LotDescription lot(RealAwards.Award a, LotPlace place, IndexedRegistry bench) {
        List<String> cpv = a.cpv().stream().map(CpvCatalog::normalize).filter(Objects::nonNull)
                .filter(c -> bench.ref.cpv().find(c).isPresent()).distinct().toList();
        return new LotDescription(null, a.text(), cpv, place, Reservation.NONE, a.amount(), a.amount(),
                a.durationMonths(), null, null, null, LocalDate.now(IndexedRegistry.CLOCK));
    }

    /** BM25 × distance decay for the enterprises sharing a term, then the others by distance. */
    private static List<String> straightforward(String text, Map<String, Double> km, List<String> nearest,
                                                StraightforwardBaseline baseline) throws java.io.IOException {
        Map<String, Double> bm25 = baseline.bm25(text);
        List<String> ranking = new ArrayList<>(StraightforwardBaseline.ranked(bm25, km));
        nearest.stream().filter(s -> !bm25.containsKey(s)).forEach(ranking::add);
        return ranking;
    }

    private static Integer rank(List<String> ranking, List<String> winners) {
        for (int i = 0; i < ranking.size(); i++) {
            if (winners.contains(ranking.get(i))) {
                return i + 1;
            }
        }
        return null;
    }

    private static Winner winner(RealAwards.Award a, IndexedRegistry bench, Map<String, Double> km) {
        String siret = a.winners().stream().filter(s -> km.get(s) != null)
                .min(Comparator.comparing(km::get)).orElse(a.winners().get(0));
        Enterprise e = bench.bySiret.get(siret);
        if (e == null) {
            return new Winner(siret, "?", "not in registry", false, null);
        }
        return new Winner(siret, e.naf() == null ? "-" : e.naf(),
                String.join("+", bench.registry.rawKinds.getOrDefault(siret, Set.of())),
                e.description() != null, km.get(siret));
    }

    /** Why essor misses a winner in its first 10: asks the index far deeper than served, then reads the winner. */
    private static final class Diagnosis {
        private final IndexedRegistry bench;
        private final MatchingConfig config;
        private final IndexCandidates candidates;
        private final FrenchTextAnalyzer analyzer = new FrenchTextAnalyzer();
        private Map<String, Integer> df;

        Diagnosis(IndexedRegistry bench, MatchingConfig config) {
            this.bench = bench;
            this.config = config;
            this.candidates = new IndexCandidates(bench.index);
        }

        String why(LotDescription lot, List<String> winners, Map<String, Double> km) {
            int served = config.candidates();
            GrantedActivity granted = bench.matcher.granted(lot);
            List<MatchItem> deep = bench.matcher.score(lot, granted, candidates.retrieve(bench.matcher.candidateQuery(
                    lot, granted, CandidateQuery.MAX_K, config.maxDistanceKm())).candidates(), ScoringPolicy.of(config));
            for (int i = 0; i < deep.size(); i++) {
                MatchItem item = deep.get(i);
                if (winners.contains(item.siret())) {
                    Components c = item.components();
                    String tenth = deep.size() >= 10 ? String.format(Locale.ROOT, "; #10 scores %.3f", deep.get(9).score()) : "";
                    return String.format(Locale.ROOT, "candidate #%d of %d (served: first %d retrieved), score %.3f"
                                    + " (text %.2f cpv %.2f geo %.2f cap %.2f pref %.2f; text: %s)%s",
                            i + 1, deep.size(), served, item.score(), c.text().value(), c.cpv().value(),
                            c.geo().value(), c.capacity().value(), c.preference().value(), c.text().reason(), tenth);
                }
            }
            if (deep.size() == CandidateQuery.MAX_K) {
                return "not among the first " + CandidateQuery.MAX_K + " candidates";
            }
            // Not a candidate: beyond the distance filter, or (unreserved lot: no other filter) no kept word nor CPV matched.
            Map<String, String> lotTerms = analyzer.termsWithWords(EnterpriseSchema.NAME, bench.matcher.lotText(lot));
            List<String> reasons = new ArrayList<>();
            // the three nearest winners say enough (one award lists seven establishments of one company)
            for (String siret : winners.stream().sorted(Comparator.comparing(s -> km.get(s) == null ? Double.MAX_VALUE : km.get(s))).limit(3).toList()) {
                Enterprise e = bench.bySiret.get(siret);
                if (e == null) {
                    reasons.add(siret + " not in registry");
                    continue;
                }
                Double d = km.get(siret);
                String naf = bench.ref.naf().find(e.naf() == null ? "" : e.naf())
                        .map(n -> e.naf() + " '" + n.label() + "'").orElse("no NAF");
                reasons.add(String.format(Locale.ROOT, "%s%s, %s, %s, %s", e.name(),
                        d == null ? " unlocated" : d > config.maxDistanceKm() ? String.format(Locale.ROOT,
                                " %.0f km (beyond %.0f)", d, config.maxDistanceKm()) : String.format(Locale.ROOT, " %.0f km", d),
                        naf, e.description() == null ? "no description" : "described", shared(lotTerms, e)));
            }
            return "not a candidate: " + String.join(" | ", reasons);
        }

        /**
         * The lot's terms in the enterprise's indexed text, as the retrieval sees them: a term in more than
         * {@link Boosts#COMMON_TERM_FRACTION} of a field's documents is left out whenever a rarer one matches.
         */
        private String shared(Map<String, String> lotTerms, Enterprise e) {
            int n = bench.registry.enterprises.size();
            List<String> out = new ArrayList<>();
            bench.index.schema().textValues(e).forEach((field, values) -> {
                Set<String> own = terms(field, values);
                lotTerms.forEach((t, word) -> {
                    if (own.contains(t)) {
                        out.add(String.format(Locale.ROOT, "'%s' in %s (%.0f%% of the registry)", word, field,
                                100.0 * df(field, t) / n));
                    }
                });
            });
            return out.isEmpty() ? "no shared term" : "shares only " + out;
        }

        /** How many enterprises hold the term in the field (the index's own fields, read through its schema). */
        private int df(String field, String term) {
            if (df == null) {
                df = new HashMap<>();
                for (Enterprise e : bench.registry.enterprises) {
                    bench.index.schema().textValues(e).forEach((f, values) ->
                            terms(f, values).forEach(t -> df.merge(f + ":" + t, 1, Integer::sum)));
                }
            }
            return df.getOrDefault(field + ":" + term, 0);
        }

        private Set<String> terms(String field, List<String> values) {
            Set<String> terms = new HashSet<>();
            values.forEach(v -> terms.addAll(analyzer.terms(field, v)));
            return terms;
        }
    }
}
