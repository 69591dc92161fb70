package fr.essor.reference;

import fr.essor.csv.CsvReader;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CPV 2008: codes, French and English labels, levels, the article 77 social-services list. */
public final class CpvCatalog {
    public enum Level { DIVISION, GROUP, CLASS, CATEGORY, SUBCATEGORY }

    /** @param code8 8 digits without check digit; @param code as published with its check digit ("90910000-9") */
    public record CpvCode(String code8, String code, String labelFr, String labelEn, Level level) {}

    private static final Pattern CPV = Pattern.compile("(\\d{8})(?:-\\d)?");

    private final Map<String, CpvCode> byCode8;
    private final Set<String> socialServices;

    CpvCatalog(Map<String, CpvCode> byCode8, Set<String> socialServices) {
        this.byCode8 = Collections.unmodifiableMap(new LinkedHashMap<>(byCode8));
        this.socialServices = Set.copyOf(socialServices);
    }

    /** Reads cpv_2008_fr_en.csv and the article 77 list (cpv_social_service.txt). */
    static CpvCatalog load() {
        List<String[]> rows = CsvReader.readAll(Resources.text("cpv_2008_fr_en.csv"), ',');
        Map<String, CpvCode> codes = new LinkedHashMap<>(rows.size() * 2);
        for (String[] r : rows.subList(1, rows.size())) {
            // code,code8,division,level,label_fr,label_en
            Level level = Level.valueOf(r[3].trim().toUpperCase(Locale.ROOT));
            codes.put(r[1], new CpvCode(r[1], r[0], r[4], r[5], level));
        }
        Set<String> social = new HashSet<>();
        for (String line : Resources.text("cpv_social_service.txt").split("\n")) {
            String code = normalize(line.strip());
            if (code != null) social.add(code);
        }
        return new CpvCatalog(codes, social);
    }

    /** "90910000-9", "90910000", " 90910000 " → "90910000"; null when not 8 digits. */
    public static String normalize(String code) {
        if (code == null) return null;
        Matcher m = CPV.matcher(code.strip());
        return m.matches() ? m.group(1) : null;
    }

    /**
     * Significant prefixes from division down to the code itself: 90911200 → [90, 909, 9091, 90911, 90911200];
     * a division 90000000 → [90]; a group 90900000 → [90, 909]. Empty when the code is not a CPV code.
     */
    public static List<String> prefixes(String code8) {
        String code = normalize(code8);
        if (code == null) return List.of();
        int significant = 8;
        while (significant > 2 && code.charAt(significant - 1) == '0') significant--;
        List<String> out = new ArrayList<>(5);
        for (int len = 2; len <= Math.min(significant, 5); len++) out.add(code.substring(0, len));
        if (significant > 5) out.add(code);
        return List.copyOf(out);
    }

    public Optional<CpvCode> find(String code) {
        String code8 = normalize(code);
        return code8 == null ? Optional.empty() : Optional.ofNullable(byCode8.get(code8));
    }

    /** Whether the code is on eForms list cpv_social-service-cpv (article 77 of directive 2014/24). */
    public boolean isSocialService(String code) {
        String code8 = normalize(code);
        return code8 != null && socialServices.contains(code8);
    }

    /** Every CPV code, in file order (division first within each division). */
    public Collection<CpvCode> all() { return byCode8.values(); }

    /** The article 77 list, as 8-digit codes. */
    public Set<String> socialServiceCodes() { return socialServices; }
}
