package fr.essor.reference;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Compares commune names the way La Poste writes them ("ST DENIS", "L ABERGEMENT CLEMENCIAT"): upper case,
 * no accents, hyphens, apostrophes and other punctuation as spaces, ST/STE spelt SAINT/SAINTE, a trailing
 * "CEDEX" (with its number) dropped. Written as a character loop: it runs for every row of the postcode base.
 */
final class PlaceNames {
    private PlaceNames() {}

    /** The comparable form of a commune name; "" when nothing is left. */
    static String key(String name) {
        if (name == null || name.isEmpty()) return "";
        String s = isPlainAscii(name) ? name : stripAccents(name);
        StringBuilder words = new StringBuilder(s.length() + 8);
        int i = 0, n = s.length();
        while (i < n) {
            while (i < n && !isAlnum(s.charAt(i))) i++;
            int start = i;
            while (i < n && isAlnum(s.charAt(i))) i++;
            if (start == i) break;
            String word = s.substring(start, i).toUpperCase(Locale.ROOT);
            if (words.length() > 0) words.append(' ');
            words.append(switch (word) {
                case "ST" -> "SAINT";
                case "STE" -> "SAINTE";
                default -> word;
            });
        }
        return dropCedex(words.toString());
    }

    private static String dropCedex(String key) {
        int at = key.lastIndexOf("CEDEX");
        if (at < 0 || (at > 0 && key.charAt(at - 1) != ' ')) return key;
        String rest = key.substring(at + 5).strip();
        if (!rest.isEmpty() && !rest.chars().allMatch(c -> c >= '0' && c <= '9')) return key;
        return key.substring(0, at).strip();
    }

    private static boolean isAlnum(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static boolean isPlainAscii(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) > 127) return false;
        return true;
    }

    /** Decomposes and drops combining marks; ligatures spelt out. Non-Latin letters become separators. */
    private static String stripAccents(String s) {
        String spelt = s.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE").replace("ß", "ss");
        String decomposed = Normalizer.normalize(spelt, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) != Character.NON_SPACING_MARK) out.append(c);
        }
        return out.toString();
    }
}
