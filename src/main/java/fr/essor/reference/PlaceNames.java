package fr.essor.reference;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Compares commune names the way La Poste writes them ("ST DENIS", "L ABERGEMENT CLEMENCIAT"): upper case,
 * no accents, hyphens and apostrophes as spaces, ST/STE spelt SAINT/SAINTE, a trailing "CEDEX nn" dropped.
 */
final class PlaceNames {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_ALNUM = Pattern.compile("[^A-Z0-9]+");
    private static final Pattern CEDEX = Pattern.compile("\\s+CEDEX(\\s+\\d+)?$");

    private PlaceNames() {}

    /** The comparable form of a commune name; "" when nothing is left. */
    static String key(String name) {
        if (name == null) return "";
        String s = name.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE");
        s = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
        s = NOT_ALNUM.matcher(s.toUpperCase(Locale.ROOT)).replaceAll(" ").strip();
        s = CEDEX.matcher(s).replaceAll("");
        if (s.isEmpty()) return "";
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (String word : s.split(" ")) {
            if (out.length() > 0) out.append(' ');
            out.append(switch (word) {
                case "ST" -> "SAINT";
                case "STE" -> "SAINTE";
                default -> word;
            });
        }
        return out.toString();
    }
}
