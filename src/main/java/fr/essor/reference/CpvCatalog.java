package fr.essor.reference;

import java.util.List;
import java.util.Optional;

/** CPV 2008: codes, French and English labels, levels, the article 77 social-services list. */
public final class CpvCatalog {
    public enum Level { DIVISION, GROUP, CLASS, CATEGORY, SUBCATEGORY }

    /** @param code8 8 digits without check digit; @param code as published with its check digit ("90910000-9") */
    public record CpvCode(String code8, String code, String labelFr, String labelEn, Level level) {}

    /** "90910000-9", "90910000", " 90910000 " → "90910000"; null when not 8 digits. */
    public static String normalize(String code) { throw new IllegalStateException("pending"); }

    /** Significant prefixes from division down to the code itself: 90911200 → [90, 909, 9091, 90911, 90911200]. */
    public static List<String> prefixes(String code8) { throw new IllegalStateException("pending"); }

    public Optional<CpvCode> find(String code) { throw new IllegalStateException("pending"); }

    /** Whether the code is on eForms list cpv_social-service-cpv (article 77 of directive 2014/24). */
    public boolean isSocialService(String code) { throw new IllegalStateException("pending"); }
}
