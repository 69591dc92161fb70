package fr.essor.matching;

import fr.essor.notice.Reservation;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Enterprise;
import fr.essor.registry.index.CandidateQuery;
import fr.essor.registry.index.MatchCandidate;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reservability of a lot: for each legal basis, how many suppliers of the lot's trade are eligible, within reach of
 * its place and able to carry its yearly value; then Le marché de l'inclusion's rule (more than 30 suppliers and a
 * dependency under 30 % → reserve the contract; more than 10 → reserve a lot; more than 1 → insertion clause; else
 * a social award criterion), and whether a social execution condition is required. Each basis carries the lot's own
 * check under it (only article 77 has lot conditions); the action is unknown when what decides it is.
 */
public final class ReservabilityAdvisor {
    /** The legal bases, in the order that breaks ties: the broader inclusive basis first. */
    static final List<Reservation> BASES = List.of(Reservation.SHELTERED_OR_INTEGRATION, Reservation.INTEGRATION,
            Reservation.SHELTERED, Reservation.PUBLIC_SERVICE_MISSION, Reservation.PRISON);
    static final String INSERTION_CLAUSE_ARTICLE = "L2112-2 (execution condition)";
    static final String AWARD_CRITERION_ARTICLE = "R2152-7";

    private final MatchingConfig config;
    private final ReferenceData reference;
    private final CandidateSource candidates;
    private final Matcher matcher;
    private final ComponentScorer scorer;
    private final Clock clock;

    public ReservabilityAdvisor(MatchingConfig config, ReferenceData reference, CandidateSource candidates,
                                TermExtractor terms, Clock clock) {
        this.config = config;
        this.reference = reference;
        this.candidates = candidates;
        this.matcher = new Matcher(config, reference, candidates, terms, clock);
        this.scorer = new ComponentScorer(config, reference);
        this.clock = clock;
    }

    /**
     * Retrieves the suppliers eligible under some basis twice: the most relevant anywhere (for the eligible counts)
     * and the most relevant within maxDistanceKm of the place (so that a crowded country does not push the local
     * ones out of the counts within reach). Blocking.
     */
    public LotReservability assess(LotDescription lot) {
        int k = config.reservability().maxCandidates();
        GrantedActivity granted = matcher.granted(lot);
        LotDescription anywhere = new LotDescription(lot.lotId(), lot.text(), lot.cpv(), LotPlace.unknown("anywhere"),
                lot.reservation(), null, null, null, null, null, null, lot.consultationDate());
        Map<String, MatchCandidate> union = new java.util.LinkedHashMap<>();
        for (MatchCandidate c : candidates.retrieve(withAnyBasis(matcher.candidateQuery(anywhere, granted, k, null))).candidates()) {
            union.put(c.enterprise().siret(), c);
        }
        if (lot.place().hasPoint()) {
            for (MatchCandidate c : candidates.retrieve(withAnyBasis(
                    matcher.candidateQuery(lot, granted, k, config.maxDistanceKm()))).candidates()) {
                union.put(c.enterprise().siret(), c);
            }
        }
        return assess(lot, granted, new ArrayList<>(union.values()));
    }

    /** The same question for every enterprise eligible under some basis, whatever the lot's own reservation. */
    private static CandidateQuery withAnyBasis(CandidateQuery q) {
        return new CandidateQuery(q.text(), q.cpv(), q.point(), q.department(), q.region(),
                EligibilityRules.allowedByAnyReservation(), q.maxDistanceKm(), q.activityByCategory(), q.k());
    }

    /** Assesses the lot against the given candidates (the suppliers the index found, with their distance to the place). */
    public LotReservability assess(LotDescription lot, GrantedActivity granted, List<MatchCandidate> found) {
        ReservabilityRule rule = config.reservability();
        LocalDate today = LocalDate.now(clock);
        Double yearly = lot.yearlyValue();
        Map<Reservation, Tally> tallies = new EnumMap<>(Reservation.class);
        BASES.forEach(b -> tallies.put(b, new Tally()));
        for (MatchCandidate c : found) {
            Enterprise e = c.enterprise();
            if (!scorer.activity(lot.cpv(), e, c.textScore(), granted).ofTheTrade(rule.relevantCpv(), rule.relevantText())) {
                continue;
            }
            boolean inReach = scorer.geo(lot.place(), e, c.distanceKm(), 0).value() >= 1.0;
            Double capacity = e.employees() == null || e.employees() <= 0 ? null
                    : e.employees() * config.revenuePerEmployee();
            for (Reservation basis : BASES) {
                if (EligibilityRules.assess(basis, e, today).eligible()) {
                    tallies.get(basis).add(inReach, capacity, yearly);
                }
            }
        }
        List<BasisCount> bases = new ArrayList<>();
        for (Reservation basis : BASES) {
            bases.add(tallies.get(basis).count(basis, checkLot(basis, lot)));
        }
        SocialCondition social = SocialCondition.assess(lot, config);
        LotPlace place = lot.place();
        Recommendation recommendation = recommend(bases, lot.reservation(),
                place.hasPoint() || place.department() != null, yearly, rule, social);
        return new LotReservability(lot.lotId(), bases, recommendation, social, checkLot(lot.reservation(), lot));
    }

    private LotCheck checkLot(Reservation basis, LotDescription lot) {
        return EligibilityRules.checkLot(basis, lot.mainCpv(), lot.durationMonths(), reference.cpv());
    }

    private static final class Tally {
        int eligible;
        int withinReach;
        int canCarry;
        int withHeadcount;
        double capacitySum;

        void add(boolean inReach, Double capacity, Double yearly) {
            eligible++;
            if (!inReach) {
                return;
            }
            withinReach++;
            if (capacity != null) {
                withHeadcount++;
                capacitySum += capacity;
                if (yearly != null && capacity >= yearly) {
                    canCarry++;
                }
            }
        }

        BasisCount count(Reservation basis, LotCheck check) {
            return new BasisCount(basis, EligibilityRules.article(basis), eligible, withinReach, canCarry,
                    withHeadcount, withHeadcount == 0 ? null : capacitySum / withHeadcount, check);
        }
    }

    /**
     * Le marché de l'inclusion's rule on the basis with the most suppliers within reach among those the lot may carry
     * (public-service-mission only when its lot check holds). The action is unknown, and the reason says what to give,
     * when the place is unknown ("within reach" then means nothing), when the lot's own reservation cannot be checked,
     * or when a basis that cannot be checked has more suppliers and would change the action: a basis whose check is
     * unknown never decides, but neither is it ignored when it matters.
     *
     * @param lotReservation the lot's own reservation ({@link Reservation#NONE} when not reserved)
     * @param placeKnown     whether the lot's place is known (a point or a département)
     */
    static Recommendation recommend(List<BasisCount> bases, Reservation lotReservation, boolean placeKnown,
                                    Double yearlyValue, ReservabilityRule rule, SocialCondition social) {
        String socialNote = capitalize("social execution condition: " + (social.required() == null ? ""
                : social.required() ? "required, " : "not required, ") + social.reason()) + ".";
        if (!placeKnown) {
            return new Recommendation(Recommendation.UNKNOWN, null, "Place of performance unknown: give it (a postcode,"
                    + " a commune or a NUTS code), since the suppliers within reach cannot be counted without it. "
                    + socialNote, Recommendation.Code.PLACE_UNKNOWN);
        }
        BasisCount own = bases.stream().filter(b -> b.reservation() == lotReservation).findFirst().orElse(null);
        if (own != null && own.lotCheck().state() == LotCheck.State.UNKNOWN) {
            return new Recommendation(Recommendation.UNKNOWN, null, "The lot is reserved under " + name(own)
                    + ", but whether it may be cannot be checked: " + own.lotCheck().reason() + ". " + socialNote,
                    Recommendation.Code.LOT_CHECK_UNKNOWN);
        }
        BasisCount sure = best(bases, EnumSet.of(LotCheck.State.HOLDS));
        BasisCount possible = best(bases, EnumSet.of(LotCheck.State.HOLDS, LotCheck.State.UNKNOWN));
        Recommendation decided = applyRule(sure, yearlyValue, rule);
        if (possible != sure) {
            Recommendation ifItHolds = applyRule(possible, yearlyValue, rule);
            if (!ifItHolds.action().equals(decided.action())) {
                return new Recommendation(Recommendation.UNKNOWN, null, capitalize(who(possible))
                        + ", more than under any other basis, but whether the lot may be reserved under "
                        + shortArticle(possible.article()) + " cannot be checked: " + possible.lotCheck().reason()
                        + " (" + ifItHolds.action() + " if it may, else " + decided.action() + "). " + socialNote,
                        Recommendation.Code.LOT_CHECK_UNKNOWN);
            }
        }
        List<String> notes = new ArrayList<>();
        int bestReach = sure == null ? 0 : sure.withinReach();
        bases.stream().filter(b -> !b.lotCheck().holds()).forEach(b -> {
            // Say why a basis is out only when it matters: the lot claims it, or it would have had more suppliers.
            if (b.reservation() == lotReservation || b.withinReach() > bestReach) {
                notes.add(capitalize(b.reservation().token()) + (b.lotCheck().state() == LotCheck.State.UNKNOWN
                        ? " to be checked" : " not possible") + ": " + b.lotCheck().reason() + ".");
            }
        });
        notes.add(socialNote);
        return new Recommendation(decided.action(), decided.article(),
                decided.reason() + ". " + String.join(" ", notes), decided.code());
    }

    /** The basis with the most suppliers within reach among those whose lot check is in {@code states}. */
    private static BasisCount best(List<BasisCount> bases, Set<LotCheck.State> states) {
        BasisCount best = null;
        for (BasisCount b : bases) {
            if (states.contains(b.lotCheck().state()) && (best == null || b.withinReach() > best.withinReach())) {
                best = b;
            }
        }
        return best;
    }

    /** The rule itself on one basis (null: none), its reason without the notes. */
    private static Recommendation applyRule(BasisCount best, Double yearlyValue, ReservabilityRule rule) {
        int n = best == null ? 0 : best.withinReach();
        String who = capitalize(who(best));
        Double dependency = yearlyValue == null || best == null || best.averageCapacity() == null ? null
                : yearlyValue / best.averageCapacity();
        if (n > rule.reserveContractAbove() && dependency != null && dependency < rule.maxDependency()) {
            return new Recommendation(Recommendation.RESERVE_CONTRACT, best.article(), who + String.format(Locale.ROOT,
                    " (more than %d) and a dependency of %.0f %% (lot %s/year ÷ average capacity %s/year of the %d with a"
                            + " known headcount), under %.0f %%: reserve the contract",
                    rule.reserveContractAbove(), dependency * 100, ComponentScorer.euros(yearlyValue),
                    ComponentScorer.euros(best.averageCapacity()), best.withHeadcount(), rule.maxDependency() * 100),
                    Recommendation.Code.ENOUGH_SUPPLIERS_LOW_DEPENDENCY);
        }
        if (n > rule.reserveLotAbove()) {
            String why;
            Recommendation.Code code;
            if (n <= rule.reserveContractAbove()) {
                why = String.format(Locale.ROOT, " (more than %d, at most %d)", rule.reserveLotAbove(),
                        rule.reserveContractAbove());
                code = Recommendation.Code.ENOUGH_SUPPLIERS;
            } else if (dependency == null) {
                why = " (more than " + rule.reserveContractAbove() + ", but their dependency is unknown: "
                        + (yearlyValue == null ? "lot value unknown" : "capacity unknown, no headcount known") + ")";
                code = Recommendation.Code.DEPENDENCY_UNKNOWN;
            } else {
                why = String.format(Locale.ROOT, " (more than %d, but a dependency of %.0f %%, not under %.0f %%)",
                        rule.reserveContractAbove(), dependency * 100, rule.maxDependency() * 100);
                code = Recommendation.Code.DEPENDENCY_TOO_HIGH;
            }
            return new Recommendation(Recommendation.RESERVE_LOT, best.article(), who + why + ": reserve a lot", code);
        }
        if (n > rule.insertionClauseAbove()) {
            return new Recommendation(Recommendation.INSERTION_CLAUSE, INSERTION_CLAUSE_ARTICLE, who
                    + String.format(Locale.ROOT, " (more than %d, at most %d): an insertion clause opens the contract"
                    + " to them without reserving it", rule.insertionClauseAbove(), rule.reserveLotAbove()),
                    Recommendation.Code.FEW_SUPPLIERS);
        }
        return new Recommendation(Recommendation.AWARD_CRITERION, AWARD_CRITERION_ARTICLE, who
                + String.format(Locale.ROOT, " (at most %d): a social award criterion rather than a reservation",
                rule.insertionClauseAbove()), Recommendation.Code.TOO_FEW_SUPPLIERS);
    }

    private static String who(BasisCount basis) {
        int n = basis == null ? 0 : basis.withinReach();
        return n + " supplier" + (n == 1 ? "" : "s") + " of the trade within reach eligible under "
                + (basis == null ? "any basis" : name(basis));
    }

    /** {@code L2113-14 (sheltered-or-integration)}. */
    private static String name(BasisCount basis) {
        return shortArticle(basis.article()) + " (" + basis.reservation().token() + ")";
    }

    private static String shortArticle(String article) {
        int paren = article.indexOf(" (");
        return paren < 0 ? article : article.substring(0, paren);
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
