package fr.essor.notice;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** Contract durations in months (DESIGN.md section 3: a month is 30.44 days). */
public final class Durations {
    public static final BigDecimal DAYS_PER_MONTH = new BigDecimal("30.44");

    private Durations() {
    }

    /**
     * @param unit DAY, WEEK, MONTH or YEAR (eForms duration units; case-insensitive)
     * @return months rounded to 2 decimals, or null for an unknown unit
     */
    public static Double toMonths(BigDecimal value, String unit) {
        if (value == null || unit == null) {
            return null;
        }
        BigDecimal months = switch (unit.strip().toUpperCase(Locale.ROOT)) {
            case "DAY", "DAYS" -> value.divide(DAYS_PER_MONTH, MathContext.DECIMAL64);
            case "WEEK", "WEEKS" -> value.multiply(BigDecimal.valueOf(7)).divide(DAYS_PER_MONTH, MathContext.DECIMAL64);
            case "MONTH", "MONTHS" -> value;
            case "YEAR", "YEARS" -> value.multiply(BigDecimal.valueOf(12));
            default -> null;
        };
        return months == null ? null : months.setScale(2, RoundingMode.HALF_UP).doubleValue();
    }

    public static Double daysToMonths(double days) {
        return toMonths(BigDecimal.valueOf(days), "DAY");
    }
}
