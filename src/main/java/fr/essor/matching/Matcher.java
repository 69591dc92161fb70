package fr.essor.matching;

import fr.essor.reference.ReferenceData;
import fr.essor.registry.Enterprise;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Matches a lot with the registry: candidates from the index, then the eligibility gate (hard for a reserved
 * lot), the five explained components, and the order score desc then SIRET (the same question always gets the
 * same order). Blocking (the index is): run it on a worker.
 */
public final class Matcher {
    private static final Comparator<MatchItem> ORDER = Comparator.comparingDouble(MatchItem::score).reversed()
            .thenComparing(MatchItem::siret);

    private final MatchingConfig config;
    private final ReferenceData reference;
    private final CandidateSource candidates;
    private final TermExtractor terms;
    private final ComponentScorer scorer;
    private final Clock clock;

    public Matcher(MatchingConfig config, ReferenceData reference, CandidateSource candidates, TermExtractor terms,
                   Clock clock) {
        this.config = config;
        this.reference = reference;
        this.candidates = candidates;
        this.terms = terms;
        this.scorer = new ComponentScorer(config, reference);
        this.clock = clock;
    }

    public MatchingConfig config() {
        return config;
    }

    /** One page (from 0) of matches, asking the index for retrievalFactor × (page + 1) × size candidates. */
    public MatchResult match(LotDescription lot, ScoringPolicy policy, int page, int size) {
        int k = config.retrievalFactor() * (page + 1) * size;
        List<MatchItem> all = score(lot, candidates.retrieve(retrievalQuery(lot, k, config.maxDistanceKm())), policy);
        int from = Math.min(all.size(), page * size);
        int to = Math.min(all.size(), from + size);
        LotCheck check = EligibilityRules.checkLot(lot.reservation(), lot.mainCpv(), lot.durationMonths(), reference.cpv());
        return new MatchResult(all.size(), all.subList(from, to), check);
    }

    /** The index question for a lot: its text with its CPV labels, its codes, its point, its reservation's filter. */
    public RetrievalQuery retrievalQuery(LotDescription lot, int k, Double maxDistanceKm) {
        LotPlace place = lot.place();
        return new RetrievalQuery(lotText(lot), lot.cpv(), place.lat(), place.lon(),
                EligibilityRules.restricts(lot.reservation()) ? EligibilityRules.allowedCategories(lot.reservation()) : null,
                place.hasPoint() ? maxDistanceKm : null, k);
    }

    /**
     * Eligibility and components for each candidate, sorted; for a reserved lot the ineligible are dropped (the
     * index filter already keeps most out; an expired ESUS agreement is only seen here).
     */
    public List<MatchItem> score(LotDescription lot, List<Candidate> found, ScoringPolicy policy) {
        LocalDate today = LocalDate.now(clock);
        // Only needed when the source does not tell which words matched.
        Map<String, String> lotTerms = found.stream().anyMatch(c -> c.matchedWords() == null)
                ? terms.terms(lotText(lot)) : Map.of();
        Weights w = policy.weights();
        List<MatchItem> items = new ArrayList<>(found.size());
        for (Candidate c : found) {
            Enterprise e = c.enterprise();
            Eligibility eligibility = EligibilityRules.assess(lot.reservation(), e, today);
            if (EligibilityRules.restricts(lot.reservation()) && !eligibility.eligible()) {
                continue;
            }
            Components components = new Components(
                    scorer.text(c.textScore(), c.matchedWords() != null ? c.matchedWords()
                            : terms.shared(lotTerms, enterpriseText(e)), w.text()),
                    scorer.cpv(lot.cpv(), e, w.cpv()),
                    scorer.geo(lot.place(), e, c.distanceKm(), w.geo()),
                    scorer.capacity(lot, e, w.capacity()),
                    scorer.preference(lot.cpv(), e, policy.preference(), w.preference()));
            items.add(new MatchItem(e, components.score(), eligibility, distance(lot.place(), c), components));
        }
        items.sort(ORDER);
        return items;
    }

    private static Double distance(LotPlace place, Candidate c) {
        if (c.distanceKm() != null) {
            return c.distanceKm();
        }
        Enterprise e = c.enterprise();
        if (!place.hasPoint() || !e.hasLocation()) {
            return null;
        }
        return fr.essor.reference.Geography.distanceKm(place.lat(), place.lon(), e.latitude(), e.longitude());
    }

    /** What BM25 reads of a lot: title and description, then the French labels of its CPV codes. */
    public String lotText(LotDescription lot) {
        StringBuilder sb = new StringBuilder(lot.text());
        for (String code : lot.cpv()) {
            reference.cpv().find(code).ifPresent(c -> sb.append('\n').append(c.labelFr()));
        }
        return sb.toString();
    }

    /** What BM25 reads of an enterprise: name, description, NAF label, labels of its declared CPV codes. */
    public String enterpriseText(Enterprise e) {
        StringBuilder sb = new StringBuilder();
        append(sb, e.name());
        append(sb, e.description());
        if (e.naf() != null) {
            reference.naf().find(e.naf()).ifPresent(n -> append(sb, n.label()));
        }
        if (e.cpv() != null) {
            for (String code : e.cpv()) {
                reference.cpv().find(code).ifPresent(c -> append(sb, c.labelFr()));
            }
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String s) {
        if (s != null && !s.isBlank()) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(s);
        }
    }
}
