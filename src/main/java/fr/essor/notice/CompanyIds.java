package fr.essor.notice;

import fr.essor.registry.Siret;

/** French company identifiers (SIREN 9 digits, SIRET 14 digits) as buyers give them. */
public final class CompanyIds {
    private CompanyIds() {
    }

    /** "123 456 789 00012" → "12345678900012"; ids that are not only digits, spaces and dots are kept as given. */
    public static String compact(String raw) {
        if (raw == null) {
            return null;
        }
        String t = raw.strip();
        if (t.matches("[0-9][0-9 .\u00a0]*[0-9]")) {
            return t.replaceAll("[ .\u00a0]", "");
        }
        return t.isEmpty() ? null : t;
    }

    /** A SIREN or SIRET whose check digit holds (La Poste's SIRETs: digit sum a multiple of 5). */
    public static boolean isValidSirenOrSiret(String digits) {
        return Siret.isValid(digits) || Siret.isValidSiren(digits);
    }
}
