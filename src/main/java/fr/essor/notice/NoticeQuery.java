package fr.essor.notice;

import fr.essor.http.FieldError;
import fr.essor.http.ProblemException;
import fr.essor.reference.CpvCatalog;
import fr.essor.reference.Geography;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A notice search (GET /api/notices), read from query parameters and checked: {@code q} (French full text),
 * {@code cpv} (a code; matches the codes under it), {@code reservation} (a token), {@code department} (where a lot
 * is performed), {@code deadlineAfter} (ISO date: a deadline on or after that day, UTC; or an ISO date-time),
 * {@code deadlineBefore} (a deadline strictly before that day's start, UTC, or that date-time: with deadlineAfter a
 * half-open interval), {@code reserved} (true: a lot at least is reserved; false: no lot is; absent: either),
 * {@code includeSuperseded} (default false), {@code page} (from 0), {@code size} (1 to 100, default 20).
 * {@code cpv}, {@code reservation} and {@code department} may repeat: any of the values matches. Pure.
 *
 * @param cpvPrefixes the significant prefix of each CPV code asked for (its deepest level)
 * @param reserved    null: no filter
 */
public record NoticeQuery(String text, List<String> cpvPrefixes, List<String> reservations, List<String> departments,
                          OffsetDateTime deadlineAfter, OffsetDateTime deadlineBefore, Boolean reserved,
                          boolean includeSuperseded, int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    public static final int MAX_PAGE = 100_000;
    public static final int MAX_TEXT = 1_000;

    /** @param params each parameter's values, in order */
    public static NoticeQuery from(Map<String, List<String>> params, Geography geography) {
        List<FieldError> errors = new ArrayList<>();
        String text = single(params, "q", errors);
        if (text != null) {
            text = text.strip();
            if (text.isEmpty()) {
                text = null;
            } else if (text.length() > MAX_TEXT) {
                errors.add(new FieldError("q", "at most " + MAX_TEXT + " characters"));
            } else if (text.indexOf('\u0000') >= 0) {
                errors.add(new FieldError("q", "must not contain a NUL character (%00)")); // PostgreSQL text cannot
            }
        }
        List<String> cpv = each(params, "cpv", errors, code -> {
            List<String> prefixes = CpvCatalog.prefixes(code);
            return prefixes.isEmpty() ? null : prefixes.get(prefixes.size() - 1);
        }, "a CPV code of 8 digits, e.g. 90910000 or 90910000-9");
        List<String> reservations = each(params, "reservation", errors,
                token -> Reservation.fromToken(token).map(Reservation::token).orElse(null),
                "one of none, sheltered, integration, sheltered-or-integration, prison, public-service-mission");
        List<String> departments = each(params, "department", errors,
                code -> geography.department(code).map(Geography.Department::code).orElse(null),
                "a French département code, e.g. 75, 2A or 971");
        OffsetDateTime deadlineAfter = null;
        String deadline = single(params, "deadlineAfter", errors);
        if (deadline != null) {
            deadlineAfter = instant(deadline.strip());
            if (deadlineAfter == null) {
                errors.add(new FieldError("deadlineAfter", "an ISO date (2025-03-31) or date-time, not \"" + deadline + "\""));
            }
        }
        OffsetDateTime deadlineBefore = null;
        String before = single(params, "deadlineBefore", errors);
        if (before != null) {
            deadlineBefore = instant(before.strip());
            if (deadlineBefore == null) {
                errors.add(new FieldError("deadlineBefore", "an ISO date (2025-03-31) or date-time, not \"" + abbreviate(before) + "\""));
            }
        }
        Boolean reserved = null;
        String reservedValue = single(params, "reserved", errors);
        if (reservedValue != null) {
            if (reservedValue.strip().equalsIgnoreCase("true") || reservedValue.strip().equalsIgnoreCase("false")) {
                reserved = Boolean.parseBoolean(reservedValue.strip().toLowerCase());
            } else {
                errors.add(new FieldError("reserved", "true or false"));
            }
        }
        boolean includeSuperseded = false;
        String superseded = single(params, "includeSuperseded", errors);
        if (superseded != null) {
            if (superseded.equalsIgnoreCase("true") || superseded.equalsIgnoreCase("false")) {
                includeSuperseded = Boolean.parseBoolean(superseded.toLowerCase());
            } else {
                errors.add(new FieldError("includeSuperseded", "true or false"));
            }
        }
        int page = integer(params, "page", 0, 0, MAX_PAGE, errors);
        int size = integer(params, "size", DEFAULT_SIZE, 1, MAX_SIZE, errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "invalid search parameters", errors);
        }
        return new NoticeQuery(text, cpv, reservations, departments, deadlineAfter, deadlineBefore, reserved,
                includeSuperseded, page, size);
    }

    private static OffsetDateTime instant(String value) {
        try {
            return LocalDate.parse(value).atStartOfDay().atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static String single(Map<String, List<String>> params, String name, List<FieldError> errors) {
        List<String> values = params.getOrDefault(name, List.of());
        if (values.size() > 1) {
            errors.add(new FieldError(name, "given more than once"));
        }
        return values.isEmpty() ? null : values.get(0);
    }

    private static List<String> each(Map<String, List<String>> params, String name, List<FieldError> errors,
                                     Function<String, String> normalise, String expected) {
        Set<String> out = new LinkedHashSet<>();
        for (String value : params.getOrDefault(name, List.of())) {
            for (String part : value.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                String normalised = part.length() > 64 ? null : normalise.apply(part.strip());
                if (normalised == null) {
                    errors.add(new FieldError(name, expected + ", not \"" + abbreviate(part) + "\""));
                } else {
                    out.add(normalised);
                }
            }
        }
        return List.copyOf(out);
    }

    private static int integer(Map<String, List<String>> params, String name, int fallback, int min, int max,
                               List<FieldError> errors) {
        String value = single(params, name, errors);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < min || n > max) {
                errors.add(new FieldError(name, "between " + min + " and " + max + ", not " + n));
            }
            return n;
        } catch (NumberFormatException e) {
            errors.add(new FieldError(name, "a whole number, not \"" + abbreviate(value) + "\""));
            return fallback;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
