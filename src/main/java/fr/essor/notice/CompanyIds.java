package fr.essor.notice;

/** French company identifiers (SIREN 9 digits, SIRET 14 digits) as buyers give them. */
public final class CompanyIds {
    private static final String LA_POSTE_SIREN = "356000000";

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
        if (digits == null || !(digits.length() == 9 || digits.length() == 14) || !digits.chars().allMatch(Character::isDigit)) {
            return false;
        }
        if (digits.length() == 14 && digits.startsWith(LA_POSTE_SIREN)) {
            return digits.chars().map(c -> c - '0').sum() % 5 == 0 || luhn(digits);
        }
        return luhn(digits);
    }

    static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
