package fr.essor.notice;

import fr.essor.reference.CpvCatalog;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What search needs of a placed notice, computed once when it is stored: the texts for the French full-text vector,
 * every significant CPV prefix of every lot (so a code matches the codes under it), the lots' reservations and
 * départements, and the latest deadline. Pure.
 *
 * @param title    the notice's title (weighted above the rest)
 * @param body     the lots' titles and descriptions, bounded to {@link #MAX_TEXT} characters
 * @param deadline the latest of the notice's and its lots' deadlines; null when none is given
 */
public record NoticeSearchFields(String title, String body, List<String> cpvPrefixes, List<String> reservations,
                                 List<String> departments, OffsetDateTime deadline) {

    /** PostgreSQL refuses a tsvector over 1 MB: the text indexed is bounded well below. */
    public static final int MAX_TEXT = 200_000;

    public static NoticeSearchFields of(NoticeGeocoder.Placed placed) {
        Notice n = placed.notice();
        Set<String> prefixes = new LinkedHashSet<>();
        Set<String> reservations = new LinkedHashSet<>();
        StringBuilder body = new StringBuilder();
        OffsetDateTime deadline = n.deadline();
        for (Notice.Lot lot : n.lots()) {
            for (String code : cpvCodes(lot)) {
                prefixes.addAll(CpvCatalog.prefixes(code));
            }
            reservations.add((lot.reservation() == null ? Reservation.NONE : lot.reservation()).token());
            append(body, lot.title());
            append(body, lot.description());
            if (lot.deadline() != null && (deadline == null || lot.deadline().isAfter(deadline))) {
                deadline = lot.deadline();
            }
        }
        List<String> departments = placed.lotDepartments().stream().filter(Objects::nonNull).distinct().toList();
        String title = n.title() == null ? "" : bound(n.title());
        return new NoticeSearchFields(title, bound(body.toString()), List.copyOf(prefixes), List.copyOf(reservations),
                departments, deadline);
    }

    /** The lot's main and additional CPV codes, as 8 digits, without repeats. */
    public static List<String> cpvCodes(Notice.Lot lot) {
        Set<String> codes = new LinkedHashSet<>();
        List<String> all = new ArrayList<>();
        all.add(lot.mainCpv());
        if (lot.additionalCpv() != null) {
            all.addAll(lot.additionalCpv());
        }
        for (String code : all) {
            String c = CpvCatalog.normalize(code);
            if (c != null) {
                codes.add(c);
            }
        }
        return List.copyOf(codes);
    }

    private static void append(StringBuilder body, String text) {
        if (text != null && !text.isBlank() && body.length() < MAX_TEXT) {
            body.append(text).append('\n');
        }
    }

    private static String bound(String text) {
        if (text.length() <= MAX_TEXT) {
            return text;
        }
        int end = MAX_TEXT;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
