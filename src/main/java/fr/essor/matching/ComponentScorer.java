package fr.essor.matching;

import fr.essor.reference.CpvCatalog;
import fr.essor.reference.Geography;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.ActivityEvidence;
import fr.essor.registry.Category;
import fr.essor.registry.Enterprise;
import fr.essor.registry.index.CpvOverlap;
import fr.essor.registry.index.EnterpriseSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Computes each score component of a (lot, enterprise) pair with its reason (DESIGN.md section 4). Pure: every
 * input is given, nothing is looked up but the immutable reference data.
 */
public final class ComponentScorer {
    private static final int MAX_TERMS_SHOWN = 10;

    private final MatchingConfig config;
    private final ReferenceData reference;

    public ComponentScorer(MatchingConfig config, ReferenceData reference) {
        this.config = config;
        this.reference = reference;
    }

    /** The activity states of a (lot, enterprise) pair (DESIGN.md section 4). */
    public enum State { MATCHES, UNKNOWN, DIFFERENT }

    /**
     * What the text and cpv components are computed from: the BM25 of the lot's words saturated to [0, 1], the best
     * CPV overlap (null when none, or when the lot has no code), the activity the lot's object grants the
     * enterprise by its categories (0 when none) and the state they put the pair in.
     */
    public record Activity(State state, double textValue, CpvOverlap.Match cpv, boolean lotHasCpv,
                           GrantedActivity.Grant grant) {
        /** Whether the enterprise is of the lot's trade on raw evidence (reservability counts): its words or codes meet the lot's, or its category does. */
        public boolean ofTheTrade(double minCpv, double minText) {
            return (cpv != null && cpv.level().value() >= minCpv) || textValue >= minText || grant != null;
        }
    }

    /**
     * The pair's activity: matches when a word of the lot scores (BM25 of the index, common words left out) or a
     * CPV code overlaps; else unknown when the registry does not say what the enterprise does
     * ({@link ActivityEvidence}); else different.
     */
    public Activity activity(List<String> lotCpv, Enterprise enterprise, double bm25, GrantedActivity granted) {
        double s = Math.max(0, bm25);
        double textValue = s / (s + config.textSaturation());
        List<String> codes = lotCodes(lotCpv);
        CpvOverlap.Match cpv = codes.isEmpty() ? null : CpvOverlap.best(codes,
                EnterpriseSchema.declaredPrefixes(enterprise), implied(enterprise));
        State state = textValue > 0 || cpv != null ? State.MATCHES
                : ActivityEvidence.unknown(enterprise, reference.affinity()) ? State.UNKNOWN : State.DIFFERENT;
        return new Activity(state, textValue, cpv, !codes.isEmpty(), granted.grantFor(enterprise));
    }

    /**
     * The text component by state: a match is worth at least the neutral value (matches rank before unknown), its
     * BM25 spreading it up to 1; unknown gets the neutral value; different 0. The lot's object may grant more
     * (insertion lots). The reason lists the words the lot and the enterprise share, when given.
     */
    public ScoreComponent text(Activity a, List<String> sharedTerms, double weight) {
        double n = config.unknownActivity();
        ScoreComponent c = switch (a.state()) {
            case MATCHES -> a.textValue() > 0
                    ? new ScoreComponent(n + (1 - n) * a.textValue(), weight, ReasonCodes.TEXT_SHARED_TERMS,
                            () -> sharedTermsReason(a.textValue(), sharedTerms))
                    : new ScoreComponent(n, weight, ReasonCodes.ACTIVITY_MATCHES_ELSEWHERE,
                            "no word in common, but its activity matches the lot's CPV codes: neutral");
            case UNKNOWN -> new ScoreComponent(n, weight, ReasonCodes.ACTIVITY_UNKNOWN, UNKNOWN_REASON);
            case DIFFERENT -> new ScoreComponent(0, weight, ReasonCodes.TEXT_NO_SHARED_TERM,
                    "no term in common with the lot, and its declared activity is another");
        };
        return granted(c, a.grant(), weight);
    }

    private static final String UNKNOWN_REASON = "activity unknown: generic or no NAF code, no declared CPV, no"
            + " description (unknown is not irrelevant): neutral";

    private static String sharedTermsReason(double value, List<String> sharedTerms) {
        if (sharedTerms == null || sharedTerms.isEmpty()) {
            return "words of the lot found in its name or activity (BM25 saturated " + fixed(value, 2) + ")";
        }
        List<String> shown = sharedTerms.subList(0, Math.min(MAX_TERMS_SHOWN, sharedTerms.size()));
        return "shared terms: " + String.join(", ", shown) + (sharedTerms.size() > shown.size() ? " ..." : "")
                + " (BM25 saturated " + fixed(value, 2) + ")";
    }

    /**
     * The cpv component by state: the best hierarchical overlap ({@link CpvOverlap#best}, the index's own rule:
     * same code 1.0, category .8, class .6, group .4, division .2, a code under a NAF-implied prefix 1.0) spread
     * from the neutral value up to 1 for a match; neutral when the lot has no code or the activity is unknown; 0
     * when different.
     */
    public ScoreComponent cpv(Activity a, Enterprise enterprise, double weight) {
        double n = config.unknownActivity();
        ScoreComponent c;
        if (!a.lotHasCpv()) {
            c = new ScoreComponent(n, weight, ReasonCodes.CPV_LOT_UNCODED, "lot has no CPV code: neutral");
        } else if (a.cpv() != null) {
            c = new ScoreComponent(n + (1 - n) * a.cpv().level().value(), weight, ReasonCodes.CPV_OVERLAP,
                    () -> cpvReason(a.cpv(), enterprise));
        } else {
            c = switch (a.state()) {
                case MATCHES -> new ScoreComponent(n, weight, ReasonCodes.ACTIVITY_MATCHES_ELSEWHERE,
                        "no CPV code in common, but the lot's words match its activity: neutral");
                case UNKNOWN -> new ScoreComponent(n, weight, ReasonCodes.ACTIVITY_UNKNOWN, UNKNOWN_REASON);
                case DIFFERENT -> new ScoreComponent(0, weight, ReasonCodes.CPV_NO_OVERLAP, () -> noOverlapReason(enterprise));
            };
        }
        return granted(c, a.grant(), weight);
    }

    /** The lot's object grants the enterprise an activity by its category (insertion lots): the higher one counts. */
    private static ScoreComponent granted(ScoreComponent c, GrantedActivity.Grant grant, double weight) {
        if (grant == null || grant.value() <= c.value()) {
            return c;
        }
        return new ScoreComponent(grant.value(), weight, grant.code(), grant.reason());
    }

    private String noOverlapReason(Enterprise enterprise) {
        String naf = EnterpriseSchema.nafOf(enterprise);
        boolean declares = !EnterpriseSchema.declaredCodes(enterprise).isEmpty();
        return "no CPV division in common with the lot" + (declares ? "'s codes and its declared ones" : "")
                + (naf == null ? "" : " (NAF " + naf + nafLabel(naf) + ")");
    }

    private String cpvReason(CpvOverlap.Match m, Enterprise enterprise) {
        String naf = EnterpriseSchema.nafOf(enterprise);
        String source = m.declared() ? "a declared code" : "CPV " + m.prefix() + " implied by NAF " + naf + nafLabel(naf);
        if (m.level() == CpvOverlap.CODE) {
            return m.declared() || m.prefix().length() == 8
                    ? "same code " + m.lotCode() + cpvLabel(m.lotCode()) + " as " + source
                    : "lot code " + m.lotCode() + cpvLabel(m.lotCode()) + " falls under " + source;
        }
        return m.level().name().toLowerCase(Locale.ROOT) + " " + m.prefix() + cpvLabel(m.prefix()) + " shared with " + source;
    }

    private List<String> implied(Enterprise enterprise) {
        String naf = EnterpriseSchema.nafOf(enterprise);
        return naf == null ? List.of() : reference.affinity().cpvPrefixesFor(naf);
    }

    private static List<String> lotCodes(List<String> lotCpv) {
        List<String> codes = new ArrayList<>();
        for (String code : lotCpv) {
            String code8 = CpvCatalog.normalize(code);
            if (code8 != null && !codes.contains(code8)) {
                codes.add(code8);
            }
        }
        return codes;
    }

    private String cpvLabel(String prefix) {
        return reference.cpv().find(CpvOverlap.padded(prefix)).map(c -> " (" + c.labelFr() + ")").orElse("");
    }

    private String nafLabel(String naf) {
        return naf == null ? "" : reference.naf().find(naf).map(n -> " (" + n.label() + ")").orElse("");
    }

    /**
     * 1 inside the enterprise's intervention area (radius around its site, default 50 km, or listed départements or
     * régions containing the lot's place); beyond it the value halves every geoHalfDistanceKm; 0.5 when a place is
     * unknown.
     */
    public ScoreComponent geo(LotPlace place, Enterprise enterprise, Double distanceKm, double weight) {
        List<String> departments = nonNull(enterprise.departments());
        List<String> regions = nonNull(enterprise.regions());
        if (place.department() != null && departments.contains(place.department())) {
            return new ScoreComponent(1, weight, ReasonCodes.AREA_DEPARTMENT, "lot in département " + place.department()
                    + ", listed in the intervention area");
        }
        if (place.region() != null && regions.contains(place.region())) {
            return new ScoreComponent(1, weight, ReasonCodes.AREA_REGION, "lot in région " + place.region() + ", listed in the intervention area");
        }
        if (!place.hasPoint()) {
            return new ScoreComponent(0.5, weight, ReasonCodes.PLACE_UNKNOWN, "location unknown: lot place unknown (" + place.label() + ")");
        }
        boolean listedArea = !departments.isEmpty() || !regions.isEmpty();
        if (!enterprise.hasLocation()) {
            if (listedArea && place.department() != null) {
                // Its site is unknown but it says where it works, and the lot is not there.
                return new ScoreComponent(0.25, weight, ReasonCodes.OUTSIDE_LISTED_AREA, "site location unknown; lot (département "
                        + place.department() + ") outside the listed intervention area " + area(departments, regions));
            }
            return new ScoreComponent(0.5, weight, ReasonCodes.SITE_UNKNOWN, "location unknown: enterprise site not located");
        }
        double d = distanceKm != null ? distanceKm
                : Geography.distanceKm(place.lat(), place.lon(), enterprise.latitude(), enterprise.longitude());
        // A listed area without a radius replaces the default circle around the site.
        double radius = enterprise.radiusKm() != null ? enterprise.radiusKm()
                : listedArea ? 0 : Enterprise.DEFAULT_RADIUS_KM;
        if (d <= radius) {
            return new ScoreComponent(1, weight, ReasonCodes.INSIDE_RADIUS,
                    () -> fixed(d, 1) + " km from the site, inside " + areaText(enterprise, departments, regions));
        }
        double beyond = d - radius;
        double value = Math.pow(0.5, beyond / config.geoHalfDistanceKm());
        return new ScoreComponent(value, weight, radius > 0 ? ReasonCodes.BEYOND_RADIUS : ReasonCodes.OUTSIDE_LISTED_AREA,
                () -> radius > 0
                        ? fixed(d, 1) + " km from the site, " + fixed(beyond, 1) + " km beyond " + areaText(enterprise, departments, regions)
                        : fixed(d, 1) + " km from the site, outside " + areaText(enterprise, departments, regions));
    }

    private static String areaText(Enterprise enterprise, List<String> departments, List<String> regions) {
        return enterprise.radiusKm() != null ? "its " + enterprise.radiusKm() + " km intervention radius"
                : !departments.isEmpty() || !regions.isEmpty() ? "its listed intervention area " + area(departments, regions)
                : "the default " + Enterprise.DEFAULT_RADIUS_KM + " km intervention radius";
    }

    private static String area(List<String> departments, List<String> regions) {
        List<String> parts = new ArrayList<>();
        if (!departments.isEmpty()) {
            parts.add("départements " + String.join(", ", departments));
        }
        if (!regions.isEmpty()) {
            parts.add("régions " + String.join(", ", regions));
        }
        return "(" + String.join("; ", parts) + ")";
    }

    /**
     * The lot's yearly value against the enterprise's yearly capacity (headcount × revenuePerEmployee): 1 while the
     * lot takes at most comfortableShare of it, then comfortableShare ÷ share; 0.5 when either is unknown.
     */
    public ScoreComponent capacity(LotDescription lot, Enterprise enterprise, double weight) {
        Double yearly = lot.yearlyValue();
        Integer employees = enterprise.employees();
        if (yearly == null) {
            return new ScoreComponent(0.5, weight, ReasonCodes.VALUE_UNKNOWN, "capacity unknown: lot value unknown");
        }
        if (employees == null || employees <= 0) {
            return new ScoreComponent(0.5, weight, ReasonCodes.HEADCOUNT_UNKNOWN, "capacity unknown: headcount unknown");
        }
        double capacity = employees * config.revenuePerEmployee();
        double share = yearly / capacity;
        boolean durationUnknown = lot.durationMonths() == null;
        Supplier<String> basis = () -> String.format(Locale.ROOT, "lot %s/year%s is %.0f %% of an estimated capacity of %s/year"
                        + " (%d employees × %s)", euros(yearly),
                durationUnknown ? " (duration unknown: whole value)" : "", share * 100, euros(capacity),
                employees, euros(config.revenuePerEmployee()));
        if (share <= config.comfortableShare()) {
            return new ScoreComponent(1, weight, ReasonCodes.CAPACITY_COMFORTABLE, basis);
        }
        double value = config.comfortableShare() / share;
        String advice = share > 1
                ? "; more than it can carry alone: co-contracting (groupement) suggested"
                : "; a large share of its activity: co-contracting (groupement) may help";
        return new ScoreComponent(value, weight, share > 1 ? ReasonCodes.CAPACITY_EXCEEDED : ReasonCodes.CAPACITY_STRETCHED,
                () -> basis.get() + advice);
    }

    /**
     * {@code v} with {@code places} (1 or 2) decimals, as {@code %.1f} writes it: reasons are written for every
     * candidate of a match, and String.format builds its number symbols anew each call (measured: a tenth of a match).
     */
    static String fixed(double v, int places) {
        long scale = places == 1 ? 10 : 100;
        long r = Math.round(Math.abs(v) * scale);
        String fraction = Long.toString(r % scale);
        while (fraction.length() < places) {
            fraction = "0" + fraction;
        }
        return (v < 0 && r != 0 ? "-" : "") + (r / scale) + "." + fraction;
    }

    static String euros(double amount) {
        return String.format(Locale.ROOT, "%,.0f €", amount);
    }

    /**
     * The buyer's policy value of the enterprise's best-valued category; FAIR_TRADE counts only for food and textile
     * lots (a CPV code under one of fairTradeCpvPrefixes).
     */
    public ScoreComponent preference(List<String> lotCpv, Enterprise enterprise, Map<Category, Double> policy,
                                     double weight) {
        boolean fairTradeLot = isFairTradeLot(lotCpv);
        double best = 0;
        Category bestCategory = null;
        for (Category c : enterprise.categories().stream().sorted().toList()) {
            if (c == Category.FAIR_TRADE && !fairTradeLot) {
                continue;
            }
            double v = policy.getOrDefault(c, 0.0);
            if (v > best) {
                best = v;
                bestCategory = c;
            }
        }
        String note = enterprise.categories().contains(Category.FAIR_TRADE) && !fairTradeLot
                ? "; FAIR_TRADE not counted (not a food or textile lot)" : "";
        if (bestCategory == null) {
            return new ScoreComponent(0, weight, ReasonCodes.POLICY_VALUES_NONE, "no category valued by the buyer's policy" + note);
        }
        Category valued = bestCategory;
        double valuedAt = best;
        return new ScoreComponent(best, weight, ReasonCodes.POLICY_VALUES_CATEGORY, () -> String.format(Locale.ROOT,
                "buyer policy values %s at %.2f%s", valued.name(), valuedAt, note));
    }

    public boolean isFairTradeLot(List<String> lotCpv) {
        for (String code : lotCpv) {
            String code8 = CpvCatalog.normalize(code);
            if (code8 == null) {
                continue;
            }
            for (String prefix : config.fairTradeCpvPrefixes()) {
                if (code8.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> nonNull(List<String> list) {
        return list == null ? List.of() : list;
    }

}
