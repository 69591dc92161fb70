package fr.essor.reference;

import fr.essor.reference.CpvCatalog.CpvCode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CPV codes by French label words or by code prefix (GET /api/reference/cpv). Labels are folded once (accents, case
 * and punctuation away, {@link PlaceNames#key}) so a query is one scan of ~9,500 short arrays: cheap enough for an
 * event loop. Immutable, thread-safe.
 */
public final class CpvSearch {
    /** A code with its ancestors, from the division down to the direct parent. */
    public record Hit(CpvCode code, List<CpvCode> parents) {}

    /** Digits, optionally with a check digit ("77310000-6") or spaces: a code prefix. */
    private static final Pattern CODE_QUERY = Pattern.compile("[0-9][0-9 ]*(?:-[0-9])?");
    /** French words that say nothing of a trade ("entretien des espaces verts" → entretien, espaces, verts). */
    private static final Set<String> STOP_WORDS = Set.of("A", "AU", "AUX", "D", "DE", "DES", "DU", "EN", "ET", "L", "LA",
            "LE", "LES", "OU", "PAR", "POUR", "SUR", "UN", "UNE", "AVEC");

    private record Entry(CpvCode code, String key, String[] words) {}

    private final CpvCatalog catalog;
    private final List<Entry> entries;

    public CpvSearch(CpvCatalog catalog) {
        this.catalog = catalog;
        List<Entry> all = new ArrayList<>(catalog.all().size());
        for (CpvCode code : catalog.all()) {
            String key = PlaceNames.key(code.labelFr());
            all.add(new Entry(code, key, key.isEmpty() ? new String[0] : key.split(" ")));
        }
        all.sort(Comparator.comparing(e -> e.code().code8()));
        this.entries = List.copyOf(all);
    }

    /** At most {@code limit} codes for a non-blank query, best first. */
    public List<Hit> search(String query, int limit) {
        String q = query.strip();
        List<Entry> found = CODE_QUERY.matcher(q).matches() ? byCode(q) : byWords(q);
        List<Hit> out = new ArrayList<>(Math.min(limit, found.size()));
        for (Entry e : found.subList(0, Math.min(limit, found.size()))) {
            out.add(new Hit(e.code(), parents(e.code().code8())));
        }
        return out;
    }

    /** The codes under a prefix, in code order (the prefix's own code first). A full code asks for its branch. */
    private List<Entry> byCode(String q) {
        String digits = q.replace(" ", "");
        int dash = digits.indexOf('-');
        if (dash >= 0) digits = digits.substring(0, dash);
        if (digits.length() > 8) return List.of();
        if (digits.length() == 8) {
            List<String> prefixes = CpvCatalog.prefixes(digits);
            String deepest = prefixes.isEmpty() ? digits : prefixes.get(prefixes.size() - 1);
            digits = deepest.length() == 8 ? digits : deepest;
        }
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.code().code8().startsWith(digits)) out.add(e);
        }
        return out;
    }

    /**
     * Labels holding every word of the query (each as the start of a label word, a final s or x dropped so singular
     * and plural meet); the label holding the whole phrase first, then shallower levels, then shorter labels.
     */
    private List<Entry> byWords(String q) {
        String key = PlaceNames.key(q);
        List<String> words = new ArrayList<>();
        for (String w : key.isEmpty() ? new String[0] : key.split(" ")) {
            if (!STOP_WORDS.contains(w)) words.add(stem(w));
        }
        if (words.isEmpty() && !key.isEmpty()) {
            for (String w : key.split(" ")) words.add(stem(w)); // only stop words: take them as they are
        }
        if (words.isEmpty()) return List.of();
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (holdsAll(e.words(), words)) out.add(e);
        }
        String phrase = " " + key + " ";
        out.sort(Comparator.<Entry>comparingInt(e -> (" " + e.key() + " ").contains(phrase) ? 0 : 1)
                .thenComparingInt(e -> e.code().level().ordinal())
                .thenComparingInt(e -> e.words().length)
                .thenComparing(e -> e.code().code8()));
        return out;
    }

    private static String stem(String word) {
        return word.length() > 3 && (word.endsWith("S") || word.endsWith("X")) ? word.substring(0, word.length() - 1) : word;
    }

    private static boolean holdsAll(String[] label, List<String> words) {
        for (String w : words) {
            boolean held = false;
            for (String l : label) {
                if (l.startsWith(w)) {
                    held = true;
                    break;
                }
            }
            if (!held) return false;
        }
        return true;
    }

    /** 90911200 → [90000000, 90900000, 90910000, 90911000], those the catalogue has. */
    List<CpvCode> parents(String code8) {
        List<String> prefixes = CpvCatalog.prefixes(code8);
        List<CpvCode> out = new ArrayList<>(prefixes.size());
        for (String prefix : prefixes.subList(0, Math.max(0, prefixes.size() - 1))) {
            String padded = (prefix + "00000000").substring(0, 8);
            if (!padded.equals(code8)) catalog.find(padded).ifPresent(out::add);
        }
        return List.copyOf(out);
    }
}
