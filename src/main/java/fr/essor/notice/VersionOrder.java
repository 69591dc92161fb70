package fr.essor.notice;

import java.time.OffsetDateTime;
import java.util.regex.Pattern;

/**
 * Which of two versions of one notice (same source and source id) is the current one: the later publication, then
 * the higher version (numerically when both are numbers, as eForms' "01", "02"), then the one that came last. Pure.
 */
public final class VersionOrder {
    private static final Pattern NUMBER = Pattern.compile("\\d{1,18}");

    private VersionOrder() {
    }

    /** Whether a version arriving now replaces the stored one. */
    public static boolean replaces(OffsetDateTime newPublished, String newVersion,
                                   OffsetDateTime oldPublished, String oldVersion) {
        if (newPublished != null && oldPublished != null && !newPublished.isEqual(oldPublished)) {
            return newPublished.isAfter(oldPublished);
        }
        int byVersion = compareVersions(newVersion, oldVersion);
        return byVersion >= 0; // same rank: the later arrival wins
    }

    static int compareVersions(String a, String b) {
        if (a == null || b == null) {
            return 0;
        }
        String x = a.strip();
        String y = b.strip();
        if (NUMBER.matcher(x).matches() && NUMBER.matcher(y).matches()) {
            return Long.compare(Long.parseLong(x), Long.parseLong(y));
        }
        return 0; // OCDS release ids are not ordered by their text: publication and arrival decide
    }
}
