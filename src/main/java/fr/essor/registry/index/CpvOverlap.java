package fr.essor.registry.index;

import fr.essor.reference.CpvCatalog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * How deep two CPV codes share the hierarchy (DESIGN.md section 4, component cpv): same 8 digits 1.0,
 * category (5 digits) .8, class (4) .6, group (3) .4, division (2) .2. The level of a prefix is told by its
 * length, as {@link CpvCatalog#prefixes} writes them. {@link #best} is the one rule: the index's retrieval clauses
 * and the explained cpv component both follow it.
 */
public enum CpvOverlap {
    CODE(1.0), CATEGORY(0.8), CLASS(0.6), GROUP(0.4), DIVISION(0.2);

    private final double value;

    CpvOverlap(double value) {
        this.value = value;
    }

    /** The fraction of the cpv component DESIGN.md gives this level. */
    public double value() {
        return value;
    }

    /**
     * The best overlap of a lot code with an enterprise, by level: a declared code sharing the lot code's prefixes
     * down to {@code prefix}; or a prefix the NAF implies above the lot code (the enterprise is presumed to supply
     * every code under it: level CODE, {@code prefix} is the implied one); or an implied prefix sharing levels with
     * it. Declared wins ties.
     *
     * @param lotCode  the lot code (8 digits) that matched
     * @param prefix   the shared prefix (2 to 8 digits), or the covering implied prefix
     * @param declared true when from a declared code, false when from the NAF activity (CpvNafAffinity)
     */
    public record Match(String lotCode, String prefix, CpvOverlap level, boolean declared) {
    }

    /**
     * The best overlap of the lot codes (8 digits) with an enterprise's declared codes (every level of them, as
     * {@link #hierarchy} gives) and the prefixes its NAF implies (as the affinity table gives them); null for none.
     * Declared wins at equal level, then the first lot code.
     */
    public static Match best(List<String> lotCodes, Set<String> declaredLevels, Collection<String> impliedCover) {
        Set<String> impliedLevels = new java.util.HashSet<>();
        impliedCover.forEach(p -> impliedLevels.addAll(hierarchy(p)));
        Match best = null;
        for (String code : lotCodes) {
            List<String> levels = hierarchy(code);
            for (int i = levels.size() - 1; i >= 0; i--) {
                if (declaredLevels.contains(levels.get(i))) {
                    best = better(best, new Match(code, levels.get(i), ofPrefix(levels.get(i)), true));
                    break;
                }
            }
            for (String prefix : impliedCover) {
                if (code.startsWith(prefix)) {
                    best = better(best, new Match(code, prefix, CODE, false));
                }
            }
            for (int i = levels.size() - 1; i >= 0; i--) {
                if (impliedLevels.contains(levels.get(i))) {
                    best = better(best, new Match(code, levels.get(i), ofPrefix(levels.get(i)), false));
                    break;
                }
            }
        }
        return best;
    }

    private static Match better(Match best, Match found) {
        if (best == null || found.level().value() > best.level().value()) {
            return found;
        }
        if (found.level() == best.level() && found.declared() && !best.declared()) {
            return found;
        }
        return best;
    }

    /**
     * Level of a shared prefix as indexed: 8 digits is the code itself (same 8 digits), 5 to 7 a category, 4 a
     * class, 3 a group, 2 a division.
     */
    public static CpvOverlap ofPrefix(String prefix) {
        int length = prefix.length();
        if (length >= 8) {
            return CODE;
        }
        if (length >= 5) {
            return CATEGORY;
        }
        return switch (length) {
            case 4 -> CLASS;
            case 3 -> GROUP;
            default -> DIVISION;
        };
    }

    /**
     * Every level of a code or prefix, from the division down to itself. An 8-digit code: its significant
     * prefixes ({@link CpvCatalog#prefixes}) and the code itself, so two equal codes share a CODE-level term
     * (90910000 → [90, 909, 9091, 90910000]). A shorter prefix: its upper levels and itself ("9091" → [90, 909,
     * 9091]). Empty when not 2 to 8 digits.
     */
    public static List<String> hierarchy(String prefix) {
        if (prefix == null) {
            return List.of();
        }
        List<String> known = HIERARCHIES.get(prefix);
        if (known != null) {
            return known;
        }
        List<String> levels = computeHierarchy(prefix);
        if (HIERARCHIES.size() < MAX_REMEMBERED) {
            HIERARCHIES.put(prefix, levels);
        }
        return levels;
    }

    /** Hierarchies remembered: a match asks them for each candidate's codes; bounded, as codes come from clients too. */
    private static final int MAX_REMEMBERED = 50_000;
    private static final java.util.Map<String, List<String>> HIERARCHIES = new java.util.concurrent.ConcurrentHashMap<>();

    private static List<String> computeHierarchy(String prefix) {
        if (prefix.length() < 2 || prefix.length() > 8 || !prefix.chars().allMatch(Character::isDigit)) {
            return List.of();
        }
        List<String> levels = new ArrayList<>();
        for (String p : CpvCatalog.prefixes(padded(prefix))) {
            if (p.length() <= prefix.length() && prefix.startsWith(p) && !p.equals(prefix)) {
                levels.add(p);
            }
        }
        levels.add(prefix);
        return List.copyOf(levels);
    }

    /**
     * The node of the hierarchy a code stands for: the shortest of its prefixes that the code only pads with
     * zeros. 90910000 (cleaning services) → 9091, so its sub-codes (90911200) are found; 90911200 → itself.
     */
    static String node(String code8) {
        for (String p : hierarchy(code8)) {
            if (padded(p).equals(code8)) {
                return p;
            }
        }
        return code8;
    }

    /** A prefix completed to 8 digits with zeros, the form in which the catalogue lists its code. */
    public static String padded(String prefix) {
        return prefix.length() >= 8 ? prefix.substring(0, 8) : prefix + "00000000".substring(prefix.length());
    }
}
