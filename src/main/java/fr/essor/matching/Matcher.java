package fr.essor.matching;

import fr.essor.reference.ReferenceData;
import fr.essor.registry.Category;
import fr.essor.registry.Enterprise;
import fr.essor.registry.index.CandidateQuery;
import fr.essor.registry.index.GeoPoint;
import fr.essor.registry.index.MatchCandidate;
import fr.essor.registry.index.MatchCandidates;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches a lot with the registry (DESIGN.md section 4): the candidates are the eligible enterprises within reach,
 * as the index ranks them; each gets its eligibility and the five explained components, whose score orders them
 * (then distance, unlocated last, then SIRET) within windows of the index's ranking ({@link #ranked}): every page
 * of a question is cut from one ordered list, so pages never repeat or skip an item, and a first page costs one
 * window. The reasons are written for the page's items only ({@link ScoreComponent}); an item shows the enterprise's
 * scoring view (its name, no address: {@link fr.essor.registry.index.ScoringView}), so a page reads no stored
 * document. Blocking (the index is): run it on a worker.
 */
public final class Matcher {
    static final Comparator<MatchItem> ORDER = Comparator.comparingDouble(MatchItem::score).reversed()
            .thenComparing(i -> i.distanceKm() == null ? Double.MAX_VALUE : i.distanceKm())
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

    /** One page (from 0) of the lot's matches; the words each shares with the lot are found for that page only. */
    public MatchResult match(LotDescription lot, ScoringPolicy policy, int page, int size) {
        GrantedActivity granted = granted(lot);
        int depth = (page + 1) * size;
        int window = config.candidates();
        // as many whole windows as the page reaches; one more when a finer rule refused some of them
        int k = Math.min(CandidateQuery.MAX_K, ((depth + window - 1) / window) * window);
        MatchCandidates found = candidates.retrieve(candidateQuery(lot, granted, k, config.maxDistanceKm()));
        List<MatchItem> all = ranked(lot, granted, found.candidates(), policy, window);
        while (all.size() < depth && found.candidates().size() == k && k < CandidateQuery.MAX_K) {
            k = Math.min(CandidateQuery.MAX_K, k + window);
            found = candidates.retrieve(candidateQuery(lot, granted, k, config.maxDistanceKm()));
            all = ranked(lot, granted, found.candidates(), policy, window);
        }
        int from = Math.min(all.size(), page * size);
        int to = Math.min(all.size(), from + size);
        Map<String, String> lotWords = terms.terms(lotText(lot));
        List<MatchItem> items = new ArrayList<>(to - from);
        for (MatchItem item : all.subList(from, to)) {
            // the shared words, as the lot writes them, for the page's items only
            items.add(item.components().text().code().equals(ReasonCodes.TEXT_SHARED_TERMS)
                    ? item.withText(scorer.text(item.activity(), words(item.sharedTerms(), lotWords), policy.weights().text()))
                    : item);
        }
        // the index counted every candidate; the few it returned that a finer rule refuses (an ended ESUS agreement) are not matches
        int refused = found.candidates().size() - all.size();
        LotCheck check = EligibilityRules.checkLot(lot.reservation(), lot.mainCpv(), lot.durationMonths(), reference.cpv());
        return new MatchResult(Math.max(all.size(), found.total() - refused), found.totalExact(), items, check);
    }

    /**
     * The candidates in the index's order (score, then SIRET: a total order), cut into windows of {@code window};
     * the explained score orders each window, and window n+1 follows window n. A window's content depends only on
     * the index's ranks it covers, so any page is cut from one list whatever the depth retrieved, and a page costs
     * the windows it reaches, not the whole candidate list.
     */
    List<MatchItem> ranked(LotDescription lot, GrantedActivity granted, List<MatchCandidate> found, ScoringPolicy policy,
                           int window) {
        List<MatchItem> all = new ArrayList<>(found.size());
        for (int from = 0; from < found.size(); from += window) {
            all.addAll(score(lot, granted, found.subList(from, Math.min(found.size(), from + window)), policy));
        }
        return all;
    }

    /** What the lot's object grants by category (insertion and staffing lots, see {@link LotObject}). */
    public GrantedActivity granted(LotDescription lot) {
        LotObject object = LotObject.of(lot.text(), lot.cpv(), lot.reservedExecution(), lot.socialConsiderations(),
                lot.reservation(), reference.cpv());
        return GrantedActivity.of(object, config.unknownActivity());
    }

    /** The index question for a lot: its text with its CPV labels, its codes, its place, who may bid, what its object grants. */
    public CandidateQuery candidateQuery(LotDescription lot, GrantedActivity granted, int k, Double maxDistanceKm) {
        LotPlace place = lot.place();
        return new CandidateQuery(lotText(lot), lot.cpv(), place.hasPoint() ? new GeoPoint(place.lat(), place.lon()) : null,
                place.department(), place.region(),
                EligibilityRules.restricts(lot.reservation()) ? EligibilityRules.allowedCategories(lot.reservation()) : null,
                place.hasPoint() ? maxDistanceKm : null, granted.values(), k);
    }

    /**
     * Eligibility and components for each candidate, in order; for a reserved lot the ineligible are dropped (the
     * index filter already keeps most out; an expired ESUS agreement is only seen here). The text reasons do not
     * list the shared words yet.
     */
    public List<MatchItem> score(LotDescription lot, GrantedActivity granted, List<MatchCandidate> found,
                                 ScoringPolicy policy) {
        LocalDate today = LocalDate.now(clock);
        Weights w = policy.weights();
        List<MatchItem> items = new ArrayList<>(found.size());
        // eligibility and preference depend on the categories alone (and an ESUS end): the same for most candidates
        Map<Set<Category>, Eligibility> eligibilityByCategories = new HashMap<>();
        Map<Set<Category>, ScoreComponent> preferenceByCategories = new HashMap<>();
        for (MatchCandidate c : found) {
            Enterprise e = c.enterprise();
            Eligibility eligibility = e.esusUntil() != null ? EligibilityRules.assess(lot.reservation(), e, today)
                    : eligibilityByCategories.computeIfAbsent(e.categories(), k -> EligibilityRules.assess(lot.reservation(), e, today));
            if (EligibilityRules.restricts(lot.reservation()) && !eligibility.eligible()) {
                continue;
            }
            ComponentScorer.Activity activity = scorer.activity(lot.cpv(), e, c.textScore(), granted);
            Components components = new Components(
                    scorer.text(activity, null, w.text()),
                    scorer.cpv(activity, e, w.cpv()),
                    scorer.geo(lot.place(), e, c.distanceKm(), w.geo()),
                    scorer.capacity(lot, e, w.capacity()),
                    preferenceByCategories.computeIfAbsent(e.categories(),
                            k -> scorer.preference(lot.cpv(), e, policy.preference(), w.preference())));
            items.add(new MatchItem(e, components.score(), eligibility, c.distanceKm(), components, activity, c.sharedTerms()));
        }
        items.sort(ORDER);
        return items;
    }

    /** What BM25 reads of a lot: title and description, then the French labels of its CPV codes. */
    public String lotText(LotDescription lot) {
        StringBuilder sb = new StringBuilder(lot.text());
        for (String code : lot.cpv()) {
            reference.cpv().find(code).ifPresent(c -> sb.append('\n').append(c.labelFr()));
        }
        return sb.toString();
    }

    /** Analysed terms as the lot first writes them. */
    private static List<String> words(List<String> analysed, Map<String, String> lotWords) {
        List<String> out = new ArrayList<>(analysed.size());
        for (String term : analysed) {
            out.add(lotWords.getOrDefault(term, term));
        }
        return out;
    }
}
