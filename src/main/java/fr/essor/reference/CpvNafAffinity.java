package fr.essor.reference;

import fr.essor.csv.CsvReader;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which CPV codes an enterprise can deliver given its NAF activity (a table shipped as data, with its rationale):
 * cpv_naf_affinity.csv, rows {@code naf,cpv,rationale}, naf a prefix at any level ("81", "81.2", "81.21",
 * "81.21Z"), cpv a CPV prefix of 2 to 8 digits. A sub-class inherits the rows of all its ancestors.
 * A row with an empty cpv declares a generic code (88.99B, 94.99Z ...): it implies no trade, on purpose.
 */
public final class CpvNafAffinity {
    /** One row of the table. */
    public record Affinity(String naf, String cpvPrefix, String rationale) {}

    private static final Pattern CPV_PREFIX = Pattern.compile("\\d{2,5}|\\d{8}");

    private final Map<String, List<Affinity>> byNaf;
    private final Map<String, String> generic;

    CpvNafAffinity(List<Affinity> rows, Map<String, String> generic) {
        this.generic = Map.copyOf(generic);
        Map<String, List<Affinity>> map = new HashMap<>();
        for (Affinity a : rows) map.computeIfAbsent(a.naf(), k -> new ArrayList<>()).add(a);
        map.replaceAll((k, v) -> List.copyOf(v));
        this.byNaf = Map.copyOf(map);
    }

    /** Reads cpv_naf_affinity.csv (after its '#' comment lines), checking each row's shape. */
    static CpvNafAffinity load() {
        String text = Resources.text("cpv_naf_affinity.csv");
        int header = 0; // the comment block heads the file
        while (text.startsWith("#", header)) header = text.indexOf('\n', header) + 1;
        List<String[]> rows = CsvReader.readAll(text.substring(header), ',');
        List<Affinity> affinities = new ArrayList<>();
        Map<String, String> generic = new HashMap<>();
        for (String[] r : rows.subList(1, rows.size())) {
            List<String> ancestry = NafCatalog.ancestry(r[0]);
            String naf = ancestry.isEmpty() ? null : ancestry.get(ancestry.size() - 1);
            String cpv = r.length > 1 ? r[1].strip() : "";
            String rationale = r.length > 2 ? r[2].strip() : "";
            if (naf != null && cpv.isEmpty()) {
                generic.put(naf, rationale);
            } else if (naf != null && CPV_PREFIX.matcher(cpv).matches()) {
                affinities.add(new Affinity(naf, cpv, rationale));
            } else {
                throw new IllegalStateException("cpv_naf_affinity.csv: bad row " + String.join(",", r));
            }
        }
        CpvNafAffinity table = new CpvNafAffinity(affinities, generic);
        // a code declared generic must imply nothing, not even through its ancestors or descendants
        for (Affinity a : affinities) {
            if (table.isGeneric(a.naf())) {
                throw new IllegalStateException("cpv_naf_affinity.csv: " + a.naf() + " is under a generic code yet implies " + a.cpvPrefix());
            }
        }
        for (String code : generic.keySet()) {
            if (!table.affinitiesFor(code).isEmpty()) {
                throw new IllegalStateException("cpv_naf_affinity.csv: " + code + " is declared generic yet inherits " + table.affinitiesFor(code));
            }
        }
        return table;
    }

    /**
     * CPV prefixes (2 to 8 digits, as {@link CpvCatalog#prefixes}) that the NAF code (any form) implies; empty when
     * none. Remembered per code: a match asks it for each of its candidates, and there are 732 NAF sub-classes.
     */
    public List<String> cpvPrefixesFor(String naf) {
        if (naf == null) return List.of();
        List<String> known = prefixesByNaf.get(naf);
        if (known != null) return known;
        Set<String> prefixes = new LinkedHashSet<>();
        for (Affinity a : affinitiesFor(naf)) prefixes.add(a.cpvPrefix());
        List<String> found = List.copyOf(prefixes);
        if (prefixesByNaf.size() < MAX_REMEMBERED) prefixesByNaf.put(naf, found);
        return found;
    }

    /** Bounds what is remembered: any string can be asked, only NAF codes are worth keeping. */
    private static final int MAX_REMEMBERED = 10_000;
    private final Map<String, List<String>> prefixesByNaf = new java.util.concurrent.ConcurrentHashMap<>();

    /** The rows that apply to the NAF code (any form, any level), from its division down to itself. */
    public List<Affinity> affinitiesFor(String naf) {
        List<Affinity> out = new ArrayList<>();
        for (String level : NafCatalog.ancestry(naf)) out.addAll(byNaf.getOrDefault(level, List.of()));
        return Collections.unmodifiableList(out);
    }

    /** Whether the NAF code (any form) is declared generic: it says nothing of the trade (88.99B, 94.99Z ...). */
    public boolean isGeneric(String naf) {
        for (String level : NafCatalog.ancestry(naf)) if (generic.containsKey(level)) return true;
        return false;
    }

    /** The NAF codes declared generic, each with why. */
    public Map<String, String> genericCodes() { return generic; }

    /** Every row of the table, for checks and explanations. */
    public List<Affinity> rows() {
        List<Affinity> all = new ArrayList<>();
        byNaf.values().forEach(all::addAll);
        return Collections.unmodifiableList(all);
    }

    /** Whether a CPV code (8 digits, any form) falls under one of the prefixes the NAF code implies. */
    public boolean implies(String naf, String cpvCode) {
        List<String> cpvPrefixes = CpvCatalog.prefixes(cpvCode);
        if (cpvPrefixes.isEmpty()) return false;
        String code8 = CpvCatalog.normalize(cpvCode);
        for (String prefix : cpvPrefixesFor(naf)) if (code8.startsWith(prefix)) return true;
        return false;
    }
}
