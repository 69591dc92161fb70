package fr.essor.registry.index;

import fr.essor.reference.CpvCatalog;
import java.util.ArrayList;
import java.util.List;

/**
 * How deep two CPV codes share the hierarchy (DESIGN.md section 4, component cpv): same 8 digits 1.0,
 * category (5 digits) .8, class (4) .6, group (3) .4, division (2) .2. The level of a prefix is told by its
 * length, as {@link CpvCatalog#prefixes} writes them.
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
    static List<String> hierarchy(String prefix) {
        if (prefix == null || prefix.length() < 2 || prefix.length() > 8 || !prefix.chars().allMatch(Character::isDigit)) {
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
    static String padded(String prefix) {
        return prefix.length() >= 8 ? prefix.substring(0, 8) : prefix + "00000000".substring(prefix.length());
    }
}
