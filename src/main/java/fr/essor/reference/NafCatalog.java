package fr.essor.reference;

import fr.essor.csv.CsvReader;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** NAF rév. 2: sub-class labels and hierarchy. */
public final class NafCatalog {
    /** @param code dotted sub-class "56.21Z"; classCode "56.21"; group "56.2"; division "56"; section "I" */
    public record NafCode(String code, String label, String classCode, String group, String division, String section) {}

    private static final Pattern SUB_CLASS = Pattern.compile("(\\d{2})\\.?(\\d{2})([A-Za-z])");
    /** A NAF code at any level: division "81", group "81.2", class "81.21", sub-class "81.21Z" (dot optional). */
    private static final Pattern ANY_LEVEL = Pattern.compile("(\\d{2})(?:\\.?(\\d)(?:(\\d)([A-Za-z])?)?)?");

    private final Map<String, NafCode> byCode;

    NafCatalog(Map<String, NafCode> byCode) {
        this.byCode = Collections.unmodifiableMap(new LinkedHashMap<>(byCode));
    }

    /** Reads naf_rev2_labels.csv and naf_rev2_levels.csv. */
    static NafCatalog load() {
        Map<String, String> labels = new LinkedHashMap<>();
        List<String[]> labelRows = CsvReader.readAll(Resources.text("naf_rev2_labels.csv"), ',');
        for (String[] r : labelRows.subList(1, labelRows.size())) labels.put(r[0], r[1]);
        Map<String, NafCode> codes = new LinkedHashMap<>();
        List<String[]> levelRows = CsvReader.readAll(Resources.text("naf_rev2_levels.csv"), ',');
        for (String[] r : levelRows.subList(1, levelRows.size())) {
            // NIV5,NIV4,NIV3,NIV2,NIV1
            String label = labels.get(r[0]);
            if (label == null) throw new IllegalStateException("NAF " + r[0] + " has a level but no label");
            codes.put(r[0], new NafCode(r[0], label, r[1], r[2], r[3], r[4]));
        }
        if (codes.size() != labels.size()) throw new IllegalStateException("NAF labels and levels differ in size");
        return new NafCatalog(codes);
    }

    /** "5621Z", "56.21Z", "56.21z" → "56.21Z"; null when not of that shape. */
    public static String normalize(String code) {
        if (code == null) return null;
        Matcher m = SUB_CLASS.matcher(code.strip());
        return m.matches() ? m.group(1) + "." + m.group(2) + m.group(3).toUpperCase(Locale.ROOT) : null;
    }

    /**
     * The code and its ancestors from the division down, dotted: "8121Z" → [81, 81.2, 81.21, 81.21Z];
     * also accepts a partial code ("81.2" → [81, 81.2]). Shape only, not checked against the catalog;
     * empty when not a NAF rév. 2 shape.
     */
    public static List<String> ancestry(String code) {
        if (code == null) return List.of();
        Matcher m = ANY_LEVEL.matcher(code.strip());
        if (!m.matches()) return List.of();
        List<String> out = new ArrayList<>(4);
        String division = m.group(1);
        out.add(division);
        if (m.group(2) != null) out.add(division + "." + m.group(2));
        if (m.group(3) != null) out.add(division + "." + m.group(2) + m.group(3));
        if (m.group(4) != null) out.add(division + "." + m.group(2) + m.group(3) + m.group(4).toUpperCase(Locale.ROOT));
        return List.copyOf(out);
    }

    public Optional<NafCode> find(String code) {
        String dotted = normalize(code);
        return dotted == null ? Optional.empty() : Optional.ofNullable(byCode.get(dotted));
    }

    /** The label of a sub-class ("8121Z" → "Nettoyage courant des bâtiments"); null when none or unknown. */
    public String labelOf(String code) {
        return find(code).map(NafCode::label).orElse(null);
    }

    /** Every sub-class, in code order. */
    public Collection<NafCode> all() { return byCode.values(); }
}
