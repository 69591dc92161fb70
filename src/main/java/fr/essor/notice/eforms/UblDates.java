package fr.essor.notice.eforms;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** UBL dates and times come apart with their own offsets ({@code 2023-05-22+01:00}, {@code 20:59:32+01:00}). */
final class UblDates {
    private static final Pattern DATE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})(Z|[+-]\\d{2}:\\d{2})?");
    private static final Pattern TIME = Pattern.compile("(\\d{2}:\\d{2}(?::\\d{2})?)(?:\\.(\\d+))?(Z|[+-]\\d{2}:\\d{2})?");

    private UblDates() {
    }

    /**
     * @param endOfDay without a time, take the last second of the day (deadlines) rather than its start
     * @return null when the date is absent or not a date
     * @throws DateTimeException when the date is there but malformed (the caller names it as a problem)
     */
    static OffsetDateTime combine(String date, String time, boolean endOfDay) {
        if (date == null) {
            return null;
        }
        Matcher d = DATE.matcher(date.strip());
        if (!d.matches()) {
            throw new DateTimeException("not a date: " + date);
        }
        LocalDate day = LocalDate.parse(d.group(1));
        ZoneOffset offset = d.group(2) == null ? ZoneOffset.UTC : ZoneOffset.of(d.group(2));
        LocalTime at = endOfDay ? LocalTime.of(23, 59, 59) : LocalTime.MIDNIGHT;
        if (time != null) {
            Matcher t = TIME.matcher(time.strip());
            if (!t.matches()) {
                throw new DateTimeException("not a time: " + time);
            }
            at = LocalTime.parse(t.group(1));
            if (t.group(2) != null) {
                String fraction = (t.group(2) + "000000000").substring(0, 9);
                at = at.withNano(Integer.parseInt(fraction));
            }
            if (t.group(3) != null) {
                offset = ZoneOffset.of(t.group(3));
            }
        }
        return OffsetDateTime.of(day, at, offset);
    }
}
