package fr.essor.notice;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** CPV codes as essor keeps them: the 8 digits, without the check digit. */
public final class CpvCodes {
    // "45233130", "45233130-2" (with check digit), "45233130.0" (seen in the OCDS fictional example)
    private static final Pattern CPV = Pattern.compile("(\\d{8})(?:[-.]\\d)?");

    private CpvCodes() {
    }

    /** The 8-digit code, or null when {@code raw} is not a CPV code. */
    public static String normalise(String raw) {
        if (raw == null) {
            return null;
        }
        Matcher m = CPV.matcher(raw.strip());
        return m.matches() ? m.group(1) : null;
    }
}
