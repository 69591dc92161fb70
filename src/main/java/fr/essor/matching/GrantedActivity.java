package fr.essor.matching;

import fr.essor.registry.Category;
import fr.essor.registry.Enterprise;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The activity a lot's object grants an enterprise by its category, whatever it declares (DESIGN.md section 4):
 * a lot whose object is insertion (R2123-1 3°) is answered by SIAE as such, so every SIAE's activity matches it;
 * a lot that supplies staff is the trade of the AI and ETTI by law (C. trav. L5132-7, L5132-6), so they come first.
 * The index boosts the same categories with the same values (CandidateQuery.activityByCategory).
 */
public final class GrantedActivity {
    /** The value a category gets, with its reason and code. */
    public record Grant(double value, String code, String reason) {
    }

    public static final GrantedActivity NONE = new GrantedActivity(Map.of());

    private final Map<Category, Grant> byCategory;

    private GrantedActivity(Map<Category, Grant> byCategory) {
        this.byCategory = byCategory.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(byCategory));
    }

    /**
     * For an insertion lot every SIAE matches: it gets halfway between the neutral value and 1 (above every unknown
     * or different activity), and its own words and codes still count above that (the support activity the buyer
     * names tells which SIAE does it). For a staffing lot the AI and ETTI get 1: supplying staff is their trade.
     */
    public static GrantedActivity of(LotObject object, double neutral) {
        if (!object.insertion() && !object.staffing()) {
            return NONE;
        }
        Map<Category, Grant> grants = new EnumMap<>(Category.class);
        for (Category c : Category.values()) {
            if (c.family() != Category.Family.INTEGRATION) {
                continue;
            }
            if (object.staffing() && (c == Category.AI || c == Category.ETTI)) {
                grants.put(c, new Grant(1, ReasonCodes.STAFFING_LOT, object.reason()
                        + "; " + c.name() + " supplies staff by law (C. trav. " + (c == Category.AI ? "L5132-7" : "L5132-6") + ")"));
            } else if (object.insertion()) {
                grants.put(c, new Grant((1 + neutral) / 2, ReasonCodes.INSERTION_LOT, object.reason()
                        + "; every SIAE (" + c.name() + ") does it"));
            }
        }
        return new GrantedActivity(grants);
    }

    /** The best grant among the enterprise's categories; null when none. */
    public Grant grantFor(Enterprise enterprise) {
        Grant best = null;
        for (Category c : enterprise.categories()) {
            Grant g = byCategory.get(c);
            if (g != null && (best == null || g.value() > best.value())) {
                best = g;
            }
        }
        return best;
    }

    /** Category → value, for the index's clauses. */
    public Map<Category, Double> values() {
        Map<Category, Double> values = new EnumMap<>(Category.class);
        byCategory.forEach((c, g) -> values.put(c, g.value()));
        return values;
    }
}
