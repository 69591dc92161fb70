package fr.essor.matching;

import fr.essor.notice.Reservation;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Enterprise;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reservability of a lot: for each legal basis, how many suppliers of the lot's trade are eligible, within reach of
 * its place and able to carry its yearly value; then Le marché de l'inclusion's rule (more than 30 suppliers and a
 * dependency under 30 % → reserve the contract; more than 10 → reserve a lot; more than 1 → insertion clause; else
 * a social award criterion), and whether a social execution condition is required.
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
        String text = matcher.lotText(lot);
        LotPlace place = lot.place();
        Map<String, Candidate> union = new java.util.LinkedHashMap<>();
        for (Candidate c : candidates.retrieve(new RetrievalQuery(text, lot.cpv(), place.lat(), place.lon(),
                EligibilityRules.allowedByAnyReservation(), null, k))) {
            union.put(c.enterprise().siret(), c);
        }
        if (place.hasPoint()) {
            for (Candidate c : candidates.retrieve(new RetrievalQuery(text, lot.cpv(), place.lat(), place.lon(),
                    EligibilityRules.allowedByAnyReservation(), config.maxDistanceKm(), k))) {
                union.putIfAbsent(c.enterprise().siret(), c);
            }
        }
        return assess(lot, new ArrayList<>(union.values()));
    }

    /** Assesses the lot against the given candidates (all suppliers the index found for its text and codes). */
    public LotReservability assess(LotDescription lot, List<Candidate> found) {
        ReservabilityRule rule = config.reservability();
        LocalDate today = LocalDate.now(clock);
        Double yearly = lot.yearlyValue();
        Map<Reservation, Tally> tallies = new EnumMap<>(Reservation.class);
        BASES.forEach(b -> tallies.put(b, new Tally()));
        for (Candidate c : found) {
            Enterprise e = c.enterprise();
            if (!ofTheTrade(lot, c)) {
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
            bases.add(tallies.get(basis).count(basis));
        }
        LotCheck missionCheck = EligibilityRules.checkLot(Reservation.PUBLIC_SERVICE_MISSION, lot.mainCpv(),
                lot.durationMonths(), reference.cpv());
        SocialCondition social = SocialCondition.assess(lot, config);
        Recommendation recommendation = recommend(bases, missionCheck, yearly, rule, social,
                lot.reservation() == Reservation.PUBLIC_SERVICE_MISSION);
        LotCheck lotCheck = EligibilityRules.checkLot(lot.reservation(), lot.mainCpv(), lot.durationMonths(),
                reference.cpv());
        return new LotReservability(lot.lotId(), bases, recommendation, social, lotCheck);
    }

    /** A supplier counts when its activity is the lot's: a close enough CPV overlap or text match. */
    private boolean ofTheTrade(LotDescription lot, Candidate c) {
        ReservabilityRule rule = config.reservability();
        if (!lot.cpv().isEmpty() && scorer.cpv(lot.cpv(), c.enterprise(), 0).value() >= rule.relevantCpv()) {
            return true;
        }
        return scorer.text(c.textScore(), List.of(), 0).value() >= rule.relevantText();
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

        BasisCount count(Reservation basis) {
            return new BasisCount(basis, EligibilityRules.article(basis), eligible, withinReach, canCarry,
                    withHeadcount, withHeadcount == 0 ? null : capacitySum / withHeadcount);
        }
    }

    /**
     * Le marché de l'inclusion's rule on the basis with the most suppliers within reach (public-service-mission only
     * when the lot may carry it).
     */
    static Recommendation recommend(List<BasisCount> bases, LotCheck missionCheck, Double yearlyValue,
                                    ReservabilityRule rule, SocialCondition social, boolean reservedToMission) {
        BasisCount best = null;
        for (BasisCount b : bases) {
            if (b.reservation() == Reservation.PUBLIC_SERVICE_MISSION && Boolean.FALSE.equals(missionCheck.qualifies())) {
                continue;
            }
            if (best == null || b.withinReach() > best.withinReach()) {
                best = b;
            }
        }
        List<String> notes = new ArrayList<>();
        int bestReach = best == null ? 0 : best.withinReach();
        bases.stream().filter(b -> b.reservation() == Reservation.PUBLIC_SERVICE_MISSION).findFirst().ifPresent(m -> {
            // Say why article 77 is out only when it matters: the lot claims it, or it would have had more suppliers.
            if (!Boolean.TRUE.equals(missionCheck.qualifies()) && (reservedToMission || m.withinReach() > bestReach)) {
                notes.add("public-service-mission " + (missionCheck.qualifies() == null ? "to be checked" : "not possible")
                        + ": " + String.join("; ", missionCheck.reasons()));
            }
        });
        notes.add("social execution condition: " + (social.required() == null ? "" : social.required() ? "required, " : "not required, ")
                + social.reason());
        String suffix = notes.stream().map(ReservabilityAdvisor::capitalize)
                .collect(java.util.stream.Collectors.joining(". ", ". ", "."));
        int n = best == null ? 0 : best.withinReach();
        String basisArticle = best == null ? null : shortArticle(best.article());
        String who = n + " supplier" + (n == 1 ? "" : "s") + " of the trade within reach eligible under "
                + (best == null ? "any basis" : basisArticle + " (" + best.reservation().token() + ")");
        Double dependency = yearlyValue == null || best == null || best.averageCapacity() == null ? null
                : yearlyValue / best.averageCapacity();
        if (n > rule.reserveContractAbove() && dependency != null && dependency < rule.maxDependency()) {
            return new Recommendation(Recommendation.RESERVE_CONTRACT, best.article(), who + String.format(Locale.ROOT,
                    " (more than %d) and a dependency of %.0f %% (lot %s/year ÷ average capacity %s/year of the %d with a"
                            + " known headcount), under %.0f %%: reserve the contract",
                    rule.reserveContractAbove(), dependency * 100, ComponentScorer.euros(yearlyValue),
                    ComponentScorer.euros(best.averageCapacity()), best.withHeadcount(), rule.maxDependency() * 100)
                    + suffix);
        }
        if (n > rule.reserveLotAbove()) {
            String why;
            if (n <= rule.reserveContractAbove()) {
                why = String.format(Locale.ROOT, " (more than %d, at most %d)", rule.reserveLotAbove(),
                        rule.reserveContractAbove());
            } else if (dependency == null) {
                why = " (more than " + rule.reserveContractAbove() + ", but their dependency is unknown: "
                        + (yearlyValue == null ? "lot value unknown" : "capacity unknown, no headcount known") + ")";
            } else {
                why = String.format(Locale.ROOT, " (more than %d, but a dependency of %.0f %%, not under %.0f %%)",
                        rule.reserveContractAbove(), dependency * 100, rule.maxDependency() * 100);
            }
            return new Recommendation(Recommendation.RESERVE_LOT, best.article(), who + why + ": reserve a lot" + suffix);
        }
        if (n > rule.insertionClauseAbove()) {
            return new Recommendation(Recommendation.INSERTION_CLAUSE, INSERTION_CLAUSE_ARTICLE, who
                    + String.format(Locale.ROOT, " (more than %d, at most %d): an insertion clause opens the contract"
                    + " to them without reserving it", rule.insertionClauseAbove(), rule.reserveLotAbove()) + suffix);
        }
        return new Recommendation(Recommendation.AWARD_CRITERION, AWARD_CRITERION_ARTICLE, who
                + String.format(Locale.ROOT, " (at most %d): a social award criterion rather than a reservation",
                rule.insertionClauseAbove()) + suffix);
    }

    private static String shortArticle(String article) {
        int paren = article.indexOf(" (");
        return paren < 0 ? article : article.substring(0, paren);
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
