package fr.essor.notice;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Value rules every notice format shares: money bounds, code shapes, derived notice fields. */
public final class NoticeValues {
    /** No procurement is worth a quadrillion in any currency: beyond this a value is a fault, not a tender. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1e15");
    /** A century of contract. */
    public static final double MAX_DURATION_MONTHS = 1200;

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern NUTS = Pattern.compile("[A-Z]{2}[0-9A-Z]{0,3}");
    private static final Pattern LOT_ID = Pattern.compile("[\\p{L}\\p{N}._:/-]{1,100}");

    private NoticeValues() {
    }

    public static boolean isCurrency(String s) {
        return s != null && CURRENCY.matcher(s).matches();
    }

    public static boolean isNuts(String s) {
        return s != null && NUTS.matcher(s).matches();
    }

    public static boolean isLotId(String s) {
        return s != null && LOT_ID.matcher(s).matches();
    }

    /** Within [0, MAX_AMOUNT]. */
    public static boolean isPlausibleAmount(BigDecimal amount) {
        return amount.signum() >= 0 && amount.compareTo(MAX_AMOUNT) <= 0;
    }

    /** The same amount written one way (16000.0 and 16000 compare equal and print alike). */
    public static BigDecimal normaliseAmount(BigDecimal amount) {
        BigDecimal s = amount.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    /** The notice's deadline: the earliest of its lots'. */
    public static OffsetDateTime earliestDeadline(List<Notice.Lot> lots) {
        return lots.stream().map(Notice.Lot::deadline).filter(Objects::nonNull)
                .min(OffsetDateTime::compareTo).orElse(null);
    }
}
