package fr.essor.http;

import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Locale;

/**
 * Writes the CSV answers of {@code Accept: text/csv} (RFC 4180: comma, CRLF, a field quoted when it holds a comma, a
 * quote or a line break, quotes doubled). A text cell starting with = + - @, a tab or a carriage return is prefixed
 * with ' so that a spreadsheet shows it instead of running it as a formula (CSV injection); numbers are written as
 * they are. The one CSV writer of the service.
 */
public final class CsvWriter {
    public static final String CONTENT_TYPE = "text/csv; charset=utf-8";

    private final StringBuilder out = new StringBuilder(4096);

    public CsvWriter(List<String> header) {
        row(List.copyOf(header));
    }

    /** One record; null cells are empty, numbers and booleans written plainly, other values as text. */
    public CsvWriter row(List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) out.append(',');
            out.append(cell(cells.get(i)));
        }
        out.append("\r\n");
        return this;
    }

    static String cell(Object value) {
        if (value == null) return "";
        if (value instanceof Number || value instanceof Boolean) return String.valueOf(value);
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    public String text() {
        return out.toString();
    }

    /** Answers the table as an attachment named {@code filename}. */
    public void send(RoutingContext ctx, String filename) {
        ctx.response().putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .end(out.toString());
    }

    /**
     * Whether the Accept header prefers text/csv: the media range of highest q (the first of equals) is text/csv. No
     * header, a malformed one, or JSON first: false (JSON stays the default).
     */
    public static boolean wanted(RoutingContext ctx) {
        return prefers(ctx.request().getHeader("Accept"));
    }

    static boolean prefers(String accept) {
        if (accept == null || accept.length() > 1000) return false;
        String best = null;
        double bestQ = -1;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].strip().split("=", 2);
                if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("q")) {
                    try {
                        q = Double.parseDouble(kv[1].strip());
                    } catch (NumberFormatException e) {
                        q = 0; // a q that is not a number: that range is not acceptable
                    }
                }
            }
            if (!(q >= 0 && q <= 1)) q = 0;
            if (q > bestQ) {
                bestQ = q;
                best = type;
            }
        }
        return bestQ > 0 && "text/csv".equals(best);
    }
}
