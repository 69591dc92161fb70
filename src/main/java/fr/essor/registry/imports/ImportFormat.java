package fr.essor.registry.imports;

import java.util.Arrays;
import java.util.Optional;

/** The registry file layouts {@code POST /api/enterprises/import} takes, by the {@code format} parameter. */
public enum ImportFormat {
    /** The registry CSV of DESIGN.md section 5, or NDJSON of enterprise JSON. */
    ESSOR("essor"),
    /** The columns of Le marché de l'inclusion's directory (siae_lemarche.csv). */
    LEMARCHE("lemarche"),
    /** The columns of the ESS digital-sector list (ess_numerique.csv), a SIRENE extract. */
    ESS_NUMERIQUE("ess-numerique");

    private final String token;

    ImportFormat(String token) {
        this.token = token;
    }

    /** The {@code format} parameter value, also the source credited with the flags this format brings. */
    public String token() {
        return token;
    }

    public static Optional<ImportFormat> fromToken(String token) {
        return Arrays.stream(values()).filter(f -> f.token.equals(token)).findFirst();
    }

    public static String tokens() {
        return String.join(", ", Arrays.stream(values()).map(ImportFormat::token).toList());
    }
}
