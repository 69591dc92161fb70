package fr.essor.registry;

/**
 * SIRET numbers (SIREN + NIC): 14 digits whose Luhn sum is a multiple of 10. La Poste (SIREN 356000000) numbers
 * its thousands of establishments past what Luhn allows, so its SIRETs are valid when their digit sum is a multiple
 * of 5 (INSEE's published exception).
 */
public final class Siret {
    private static final String LA_POSTE_SIREN = "356000000";

    private Siret() {
    }

    public static boolean isValid(String siret) {
        if (!fourteenDigits(siret)) {
            return false;
        }
        if (siret.startsWith(LA_POSTE_SIREN)) {
            return digitSum(siret) % 5 == 0;
        }
        return luhnSum(siret) % 10 == 0;
    }

    /** Why the value is not a SIRET, for a field error; null when it is one. */
    public static String problem(String siret) {
        if (siret == null || siret.isEmpty()) {
            return "is required";
        }
        if (!fourteenDigits(siret)) {
            return "must be 14 digits";
        }
        return isValid(siret) ? null : "is not a valid SIRET (checksum)";
    }

    /** A SIREN (the 9-digit company number) whose Luhn check holds. */
    public static boolean isValidSiren(String siren) {
        return digits(siren, 9) && luhnSum(siren) % 10 == 0;
    }

    private static boolean fourteenDigits(String s) {
        return digits(s, 14);
    }

    private static boolean digits(String s, int length) {
        if (s == null || s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The SIREN (first 9 digits) of a SIRET. */
    public static String siren(String siret) {
        return siret.substring(0, 9);
    }

    private static int luhnSum(String digits) {
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
        return sum;
    }

    private static int digitSum(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            sum += digits.charAt(i) - '0';
        }
        return sum;
    }
}
