package fr.essor.notice;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Value rules every notice format shares: money bounds, code shapes, derived notice fields. */
public final class NoticeValues {
    /** No procurement is worth a quadrillion in any currency: beyond this a value is a fault, not a tender. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1e15");
    /** A century of contract. */
    public static final double MAX_DURATION_MONTHS = 1200;

    // Sizes every notice keeps within, whatever its source, so any notice taken reads back from its JSON
    public static final int MAX_LOTS = 10_000;
    public static final int MAX_ID = 200;
    public static final int MAX_TITLE = 5_000;
    public static final int MAX_DESCRIPTION = 200_000;
    public static final int MAX_CODES = 1_000;
    public static final int MAX_PROBLEM = 2_000;
    public static final int MAX_COMPANY_ID = 50;
    public static final int MAX_TOKEN = 100;

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

    /** The exact decimal value of a decoded JSON number; null for NaN and infinities. */
    public static BigDecimal decimalOf(Number n) {
        if (n instanceof BigDecimal b) {
            return b;
        }
        if (n instanceof BigInteger b) {
            return new BigDecimal(b);
        }
        if (n instanceof Double || n instanceof Float) {
            double x = n.doubleValue();
            return Double.isFinite(x) ? BigDecimal.valueOf(x) : null;
        }
        return BigDecimal.valueOf(n.longValue());
    }

    /** A value quoted in a message, cut short. */
    public static String abbreviate(String s) {
        return s == null || s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** Text cut to a length essor keeps (feeds' limits are far below; this only bounds the absurd). */
    public static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    /** Problems once each, each within bounds, at most {@link #MAX_CODES} with the overflow counted. */
    public static List<String> problems(Collection<String> raw) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(raw));
        List<String> out = new ArrayList<>();
        for (String p : distinct) {
            if (out.size() == MAX_CODES - 1 && distinct.size() > MAX_CODES) {
                out.add("... and " + (distinct.size() - out.size()) + " more problems");
                break;
            }
            out.add(clip(p, MAX_PROBLEM));
        }
        return List.copyOf(out);
    }

    /** The notice's deadline: the earliest of its lots'. */
    public static OffsetDateTime earliestDeadline(List<Notice.Lot> lots) {
        return lots.stream().map(Notice.Lot::deadline).filter(Objects::nonNull)
                .min(OffsetDateTime::compareTo).orElse(null);
    }
}
