package fr.essor.notice;

import fr.essor.http.FieldError;
import fr.essor.http.ProblemException;
import fr.essor.notice.eforms.EformsParser;

import java.util.List;
import java.util.Locale;

/**
 * The one door to the notice parsers: a request body and its content type in, the notices it holds out,
 * item by item. Pure and blocking (CPU and memory bound, up to the 16 MiB notice body limit): call it from
 * a worker ({@code vertx.executeBlocking}), never from an event loop.
 *
 * <ul>
 *   <li>{@code application/xml}, {@code text/xml}, {@code *+xml} → eForms (one notice)</li>
 *   <li>{@code application/json}, {@code *+json} → OCDS release package, record package, record (also bare),
 *       release, or a native notice; or a JSON array of those</li>
 *   <li>{@code application/x-ndjson} → native notices, one per line</li>
 * </ul>
 */
public final class NoticeParsers {

    enum Format { EFORMS_XML, JSON, NDJSON }

    private NoticeParsers() {
    }

    /**
     * @return the items in body order; a notice refused for its content is a {@code Rejected} item, never
     * an exception
     * @throws ProblemException 415 unsupported content type; 400 nothing parsable (empty, malformed,
     *                          truncated, wrong charset, DOCTYPE, nested too deep); 422 parsable but not a
     *                          procurement notice (eForms business registration, JSON of no known shape)
     */
    public static ParseOutcome parse(String contentType, byte[] body) {
        Format format = formatOf(contentType);
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("The body is empty");
        }
        try {
            return switch (format) {
                case EFORMS_XML -> EformsParser.parse(body);
                case JSON -> JsonNotices.parseJson(body);
                case NDJSON -> JsonNotices.parseNdjson(body);
            };
        } catch (ProblemException e) {
            throw e;
        } catch (StackOverflowError e) {
            throw ProblemException.badRequest("The body is nested too deeply to be read");
        } catch (RuntimeException e) {
            // whatever a surprising body provokes is the body's fault, never a 5xx
            throw ProblemException.badRequest("The body could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    static Format formatOf(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw unsupported("No Content-Type: send application/xml (eForms), application/json (OCDS or notice) "
                    + "or application/x-ndjson (notices)");
        }
        String[] parts = contentType.split(";");
        String mime = parts[0].strip().toLowerCase(Locale.ROOT);
        String charset = null;
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("charset")) {
                charset = kv[1].strip().replace("\"", "").toLowerCase(Locale.ROOT);
            }
        }
        Format format;
        if (mime.equals("application/xml") || mime.equals("text/xml") || mime.endsWith("+xml")) {
            return Format.EFORMS_XML; // the XML declaration names the encoding
        } else if (mime.equals("application/json") || mime.endsWith("+json")) {
            format = Format.JSON;
        } else if (mime.equals("application/x-ndjson") || mime.equals("application/ndjson")) {
            format = Format.NDJSON;
        } else {
            throw unsupported("Content-Type " + mime + " is not taken: send application/xml (eForms), "
                    + "application/json (OCDS or notice) or application/x-ndjson (notices)");
        }
        if (charset != null && !charset.equals("utf-8") && !charset.equals("utf8")) {
            throw unsupported("JSON bodies must be UTF-8, not " + charset);
        }
        return format;
    }

    private static ProblemException unsupported(String detail) {
        return new ProblemException(415, "Unsupported Media Type", detail,
                List.of(new FieldError("Content-Type", detail)));
    }
}
