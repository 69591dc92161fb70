package fr.essor.notice;

import fr.essor.registry.Siret;

import java.util.regex.Pattern;

/** French company identifiers (SIREN 9 digits, SIRET 14 digits) as buyers give them. */
public final class CompanyIds {
    /** Compiled once: every notice's buyer goes through them (String.matches compiled them per call). */
    private static final Pattern DIGITS_AND_LAYOUT = Pattern.compile("[0-9][0-9 .\u00a0]*[0-9]");
    private static final Pattern LAYOUT = Pattern.compile("[ .\u00a0]");

    private CompanyIds() {
    }

    /** "123 456 789 00012" → "12345678900012"; ids that are not only digits, spaces and dots are kept as given. */
    public static String compact(String raw) {
        if (raw == null) {
            return null;
        }
        String t = raw.strip();
        if (DIGITS_AND_LAYOUT.matcher(t).matches()) {
            return LAYOUT.matcher(t).replaceAll("");
        }
        return t.isEmpty() ? null : t;
    }

    /** A SIREN or SIRET whose check digit holds (La Poste's SIRETs: digit sum a multiple of 5). */
    public static boolean isValidSirenOrSiret(String digits) {
        return Siret.isValid(digits) || Siret.isValidSiren(digits);
    }
}
