package fr.essor.matching;

import fr.essor.registry.Category;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import fr.essor.registry.index.CandidateQuery;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The "matching" section of config/essor.json: weights and parameters of the score, the buyer's ESS preference
 * policy, the reservability rule, EU thresholds by period and the start of the social execution condition.
 * Every key is required (the file carries every default) and checked; a bad one is an {@link InvalidConfigException}
 * naming it.
 *
 * @param textSaturation      k of the text component: value = s / (s + k) for a BM25 score s
 * @param geoHalfDistanceKm   beyond the enterprise's intervention area, the geo value halves every this many km
 * @param maxDistanceKm       the retrieval distance: an enterprise farther than this from the lot is a candidate
 *                            only when its own area or radius covers the place (one without a location always is)
 * @param candidates          the window of the explained ranking: the explained score orders the index's ranking
 *                            window by window of this many ({@link Matcher#ranked}), so pages are cut from one list
 * @param unknownActivity     the neutral value of the text and cpv components when the registry does not say what
 *                            the enterprise does (DESIGN.md section 4, "Unknown is not irrelevant")
 * @param revenuePerEmployee  € of yearly turnover one employee carries, to estimate capacity from headcount
 * @param comfortableShare    a lot taking up to this share of an enterprise's yearly capacity scores capacity 1
 * @param preference          the buyer's ESS policy: a value in [0, 1] per category (absent: 0)
 * @param fairTradeCpvPrefixes FAIR_TRADE counts in the preference only for lots with a CPV code under these prefixes
 * @param socialConditionFrom contracts whose consultation starts on or after this date and whose value reaches the
 *                            EU threshold must carry a social execution condition
 */
public record MatchingConfig(
        Weights weights,
        double textSaturation,
        double geoHalfDistanceKm,
        double maxDistanceKm,
        int candidates,
        double unknownActivity,
        double revenuePerEmployee,
        double comfortableShare,
        Map<Category, Double> preference,
        List<String> fairTradeCpvPrefixes,
        ReservabilityRule reservability,
        List<ThresholdPeriod> euThresholds,
        LocalDate socialConditionFrom) {

    public static final String SECTION = "matching";

    public MatchingConfig {
        preference = Collections.unmodifiableMap(new EnumMap<>(preference));
        fairTradeCpvPrefixes = List.copyOf(fairTradeCpvPrefixes);
        euThresholds = List.copyOf(euThresholds);
    }

    /** Reads and validates the "matching" section (the object itself, not the whole configuration). */
    public static MatchingConfig fromJson(JsonObject section) {
        if (section == null) {
            throw new InvalidConfigException(SECTION, "missing");
        }
        JsonFields f = new JsonFields(section, SECTION);
        f.onlyKeys(Set.of("weights", "textSaturation", "geoHalfDistanceKm", "maxDistanceKm", "candidates", "unknownActivity",
                "revenuePerEmployee", "comfortableShare", "preference", "fairTradeCpvPrefixes", "reservability",
                "euThresholds", "socialConditionFrom"));
        return new MatchingConfig(
                weights(f.child("weights")),
                f.positive("textSaturation"),
                f.positive("geoHalfDistanceKm"),
                f.positive("maxDistanceKm"),
                f.integer("candidates", 1, CandidateQuery.MAX_K),
                f.number("unknownActivity", 0, 1),
                f.positive("revenuePerEmployee"),
                comfortableShare(f),
                preference(f.child("preference")),
                cpvPrefixes(f),
                reservability(f.child("reservability")),
                thresholds(f),
                f.date("socialConditionFrom"));
    }

    /** The thresholds in force on a date; null when none is configured for it. */
    public ThresholdPeriod thresholdsOn(LocalDate date) {
        for (ThresholdPeriod p : euThresholds) {
            if (p.covers(date)) {
                return p;
            }
        }
        return null;
    }

    private static Weights weights(JsonFields w) {
        w.onlyKeys(Set.of(Weights.NAMES));
        Weights weights = new Weights(w.number("text", 0, 1), w.number("cpv", 0, 1), w.number("geo", 0, 1),
                w.number("capacity", 0, 1), w.number("preference", 0, 1));
        if (!weights.sumsToOne()) {
            throw new InvalidConfigException(SECTION + ".weights", "must sum to 1 (± 1e-6), got " + weights.sum());
        }
        return weights;
    }

    private static double comfortableShare(JsonFields f) {
        double share = f.number("comfortableShare", 0, 1);
        if (share <= 0) {
            throw new InvalidConfigException(f.key("comfortableShare"), "must be greater than 0");
        }
        return share;
    }

    private static Map<Category, Double> preference(JsonFields p) {
        Map<Category, Double> policy = new EnumMap<>(Category.class);
        for (String token : p.fieldNamesWithoutComments()) {
            Category c = Category.fromToken(token)
                    .orElseThrow(() -> new InvalidConfigException(p.key(token), "unknown category token"));
            policy.put(c, p.number(token, 0, 1));
        }
        return policy;
    }

    private static List<String> cpvPrefixes(JsonFields f) {
        JsonArray a = f.array("fairTradeCpvPrefixes");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            Object v = a.getValue(i);
            if (!(v instanceof String s) || !s.matches("\\d{2,8}")) {
                throw new InvalidConfigException(f.key("fairTradeCpvPrefixes") + "[" + i + "]",
                        "must be a CPV prefix of 2 to 8 digits");
            }
            out.add(s);
        }
        return out;
    }

    private static ReservabilityRule reservability(JsonFields r) {
        r.onlyKeys(Set.of("reserveContractAbove", "maxDependency", "reserveLotAbove", "insertionClauseAbove",
                "relevantCpv", "relevantText", "maxCandidates"));
        ReservabilityRule rule = new ReservabilityRule(
                r.integer("reserveContractAbove", 0, 1_000_000),
                r.number("maxDependency", 0, 1),
                r.integer("reserveLotAbove", 0, 1_000_000),
                r.integer("insertionClauseAbove", 0, 1_000_000),
                r.number("relevantCpv", 0, 1),
                r.number("relevantText", 0, 1),
                r.integer("maxCandidates", 1, CandidateQuery.MAX_K));
        if (rule.reserveLotAbove() > rule.reserveContractAbove()) {
            throw new InvalidConfigException(r.key("reserveLotAbove"), "must not exceed reserveContractAbove");
        }
        if (rule.insertionClauseAbove() > rule.reserveLotAbove()) {
            throw new InvalidConfigException(r.key("insertionClauseAbove"), "must not exceed reserveLotAbove");
        }
        return rule;
    }

    private static List<ThresholdPeriod> thresholds(JsonFields f) {
        JsonArray a = f.array("euThresholds");
        List<ThresholdPeriod> periods = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String key = f.key("euThresholds") + "[" + i + "]";
            if (!(a.getValue(i) instanceof JsonObject o)) {
                throw new InvalidConfigException(key, "must be an object");
            }
            JsonFields p = new JsonFields(o, key);
            p.onlyKeys(Set.of("from", "to", "works", "suppliesServicesCentral", "suppliesServicesLocal",
                    "socialServices", "source"));
            ThresholdPeriod period = new ThresholdPeriod(p.date("from"), p.date("to"), p.positive("works"),
                    p.positive("suppliesServicesCentral"), p.positive("suppliesServicesLocal"),
                    p.positive("socialServices"), o.getValue("source") instanceof String s ? s : null);
            if (period.to().isBefore(period.from())) {
                throw new InvalidConfigException(p.key("to"), "must not be before from");
            }
            for (ThresholdPeriod other : periods) {
                if (!period.from().isAfter(other.to()) && !other.from().isAfter(period.to())) {
                    throw new InvalidConfigException(p.key("from"), "period overlaps another one");
                }
            }
            periods.add(period);
        }
        return periods;
    }
}
