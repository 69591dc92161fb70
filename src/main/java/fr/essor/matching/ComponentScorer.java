package fr.essor.matching;

import fr.essor.reference.CpvCatalog;
import fr.essor.reference.Geography;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Category;
import fr.essor.registry.Enterprise;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Computes each score component of a (lot, enterprise) pair with its reason (DESIGN.md section 4). Pure: every
 * input is given, nothing is looked up but the immutable reference data.
 */
public final class ComponentScorer {
    private static final int MAX_TERMS_SHOWN = 10;
    private static final double[] LEVEL_VALUE = {0, 0, 0.2, 0.4, 0.6, 0.8};
    private static final String[] LEVEL_NAME = {"", "", "division", "group", "class", "category"};

    private final MatchingConfig config;
    private final ReferenceData reference;

    public ComponentScorer(MatchingConfig config, ReferenceData reference) {
        this.config = config;
        this.reference = reference;
    }

    /** BM25 score s saturated to s / (s + k); the reason lists the words the lot and the enterprise share. */
    public ScoreComponent text(double bm25, List<String> sharedTerms, double weight) {
        double s = Math.max(0, bm25);
        double value = s / (s + config.textSaturation());
        String reason;
        if (sharedTerms.isEmpty()) {
            reason = s > 0 ? String.format(Locale.ROOT, "BM25 %.2f", s) : "no term in common with the lot";
        } else {
            List<String> shown = sharedTerms.subList(0, Math.min(MAX_TERMS_SHOWN, sharedTerms.size()));
            reason = String.format(Locale.ROOT, "BM25 %.2f; shared terms: %s%s", s, String.join(", ", shown),
                    sharedTerms.size() > shown.size() ? " ..." : "");
        }
        return new ScoreComponent(value, weight, reason);
    }

    /**
     * Best hierarchical overlap between the lot's CPV codes and the enterprise's declared codes or the prefixes its
     * NAF activity implies: the deepest CPV node both share, same code 1.0, category .8, class .6, group .4,
     * division .2.
     */
    public ScoreComponent cpv(List<String> lotCpv, Enterprise enterprise, double weight) {
        List<String> lotNodes = new ArrayList<>();
        for (String code : lotCpv) {
            List<String> p = CpvCatalog.prefixes(code);
            if (!p.isEmpty()) {
                lotNodes.add(p.get(p.size() - 1));
            }
        }
        if (lotNodes.isEmpty()) {
            return new ScoreComponent(0.5, weight, "lot has no CPV code: neutral");
        }
        List<Node> nodes = new ArrayList<>();
        for (String declared : enterprise.cpv() == null ? List.<String>of() : enterprise.cpv()) {
            List<String> p = CpvCatalog.prefixes(declared);
            if (!p.isEmpty()) {
                nodes.add(new Node(p.get(p.size() - 1), null));
            }
        }
        String naf = enterprise.naf();
        if (naf != null) {
            for (String prefix : reference.affinity().cpvPrefixesFor(naf)) {
                nodes.add(new Node(prefix, naf));
            }
        }
        if (nodes.isEmpty()) {
            return new ScoreComponent(0, weight, "no declared CPV code"
                    + (naf == null ? " and no NAF code" : " and NAF " + naf + " implies none"));
        }
        double best = 0;
        String bestReason = null;
        for (String lotNode : lotNodes) {
            for (Node node : nodes) {
                int depth = sharedDepth(lotNode, node.prefix());
                double value = depth == 8 ? 1.0 : LEVEL_VALUE[depth];
                // Declared codes come first, so at equal value the reason names what the enterprise said itself.
                if (value > best) {
                    best = value;
                    bestReason = cpvReason(depth, lotNode, node);
                }
            }
        }
        if (best == 0) {
            return new ScoreComponent(0, weight, "no CPV division in common with the lot"
                    + (naf == null ? "" : " (NAF " + naf + nafLabel(naf) + ")"));
        }
        return new ScoreComponent(best, weight, bestReason);
    }

    private record Node(String prefix, String impliedByNaf) {
    }

    /** 8 for the same node; else the length of the deepest shared significant prefix (5, 4, 3, 2), 0 for none. */
    public static int sharedDepth(String a, String b) {
        if (a.equals(b)) {
            return 8;
        }
        int n = 0;
        int max = Math.min(a.length(), b.length());
        while (n < max && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return n < 2 ? 0 : Math.min(n, 5);
    }

    private String cpvReason(int depth, String lotNode, Node node) {
        String source = node.impliedByNaf() == null
                ? "a declared code"
                : "CPV " + node.prefix() + " implied by NAF " + node.impliedByNaf() + nafLabel(node.impliedByNaf());
        if (depth == 8) {
            return "same code " + lotNode + cpvLabel(lotNode) + " as " + source;
        }
        String shared = lotNode.substring(0, depth);
        String declared = node.impliedByNaf() == null ? " (declared " + node.prefix() + ")" : "";
        return LEVEL_NAME[depth] + " " + shared + cpvLabel(shared) + " shared with " + source + declared;
    }

    private String cpvLabel(String prefix) {
        String padded = (prefix + "00000000").substring(0, 8);
        return reference.cpv().find(padded).map(c -> " (" + c.labelFr() + ")").orElse("");
    }

    private String nafLabel(String naf) {
        return reference.naf().find(naf).map(n -> " (" + n.label() + ")").orElse("");
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
            return new ScoreComponent(1, weight, "lot in département " + place.department()
                    + ", listed in the intervention area");
        }
        if (place.region() != null && regions.contains(place.region())) {
            return new ScoreComponent(1, weight, "lot in région " + place.region() + ", listed in the intervention area");
        }
        if (!place.hasPoint()) {
            return new ScoreComponent(0.5, weight, "location unknown: lot place unknown (" + place.label() + ")");
        }
        boolean listedArea = !departments.isEmpty() || !regions.isEmpty();
        if (!enterprise.hasLocation()) {
            if (listedArea && place.department() != null) {
                // Its site is unknown but it says where it works, and the lot is not there.
                return new ScoreComponent(0.25, weight, "site location unknown; lot (département "
                        + place.department() + ") outside the listed intervention area " + area(departments, regions));
            }
            return new ScoreComponent(0.5, weight, "location unknown: enterprise site not located");
        }
        double d = distanceKm != null ? distanceKm
                : Geography.distanceKm(place.lat(), place.lon(), enterprise.latitude(), enterprise.longitude());
        // A listed area without a radius replaces the default circle around the site.
        double radius = enterprise.radiusKm() != null ? enterprise.radiusKm()
                : listedArea ? 0 : Enterprise.DEFAULT_RADIUS_KM;
        String areaText = enterprise.radiusKm() != null ? "its " + enterprise.radiusKm() + " km intervention radius"
                : listedArea ? "its listed intervention area " + area(departments, regions)
                : "the default " + Enterprise.DEFAULT_RADIUS_KM + " km intervention radius";
        if (d <= radius) {
            return new ScoreComponent(1, weight, String.format(Locale.ROOT, "%.1f km from the site, inside %s", d, areaText));
        }
        double beyond = d - radius;
        double value = Math.pow(0.5, beyond / config.geoHalfDistanceKm());
        String reason = radius > 0
                ? String.format(Locale.ROOT, "%.1f km from the site, %.1f km beyond %s", d, beyond, areaText)
                : String.format(Locale.ROOT, "%.1f km from the site, outside %s", d, areaText);
        return new ScoreComponent(value, weight, reason);
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
            return new ScoreComponent(0.5, weight, "capacity unknown: lot value unknown");
        }
        if (employees == null || employees <= 0) {
            return new ScoreComponent(0.5, weight, "capacity unknown: headcount unknown");
        }
        double capacity = employees * config.revenuePerEmployee();
        double share = yearly / capacity;
        String basis = String.format(Locale.ROOT, "lot %s/year%s is %.0f %% of an estimated capacity of %s/year"
                        + " (%d employees × %s)", euros(yearly),
                lot.durationMonths() == null ? " (duration unknown: whole value)" : "", share * 100, euros(capacity),
                employees, euros(config.revenuePerEmployee()));
        if (share <= config.comfortableShare()) {
            return new ScoreComponent(1, weight, basis);
        }
        double value = config.comfortableShare() / share;
        String advice = share > 1
                ? "; more than it can carry alone: co-contracting (groupement) suggested"
                : "; a large share of its activity: co-contracting (groupement) may help";
        return new ScoreComponent(value, weight, basis + advice);
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
            return new ScoreComponent(0, weight, "no category valued by the buyer's policy" + note);
        }
        return new ScoreComponent(best, weight, String.format(Locale.ROOT, "buyer policy values %s at %.2f%s",
                bestCategory.name(), best, note));
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
