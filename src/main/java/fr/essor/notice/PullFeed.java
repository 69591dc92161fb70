package fr.essor.notice;

import fr.essor.config.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A feed essor pulls: its URL and, optionally, the format of what it serves. Configured as {@code feeds.pull.urls}:
 * a JSON array of URLs or {@code {"url", "format"}} objects, or (as {@code ESSOR_FEED_URLS}) a comma-separated list
 * where each entry is {@code [format@]url}, e.g. {@code ocds@https://example.org/releases.json}. Formats:
 * {@code eforms} (XML), {@code ocds} and {@code native} (JSON), {@code ndjson} (native notices, one a line); without
 * one, the response's Content-Type decides, else the first byte of the body.
 *
 * @param format null when the content type is to be found from the response
 */
public record PullFeed(String url, String format) {
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "eforms", "application/xml",
            "ocds", "application/json",
            "native", "application/json",
            "ndjson", "application/x-ndjson");

    public static List<PullFeed> parse(Object configured) {
        List<PullFeed> feeds = new ArrayList<>();
        if (configured == null) {
            return feeds;
        }
        if (configured instanceof String s) {
            for (String entry : s.split(",")) {
                if (!entry.isBlank()) {
                    feeds.add(entry(entry.strip()));
                }
            }
        } else if (configured instanceof JsonArray array) {
            for (Object o : array) {
                if (o instanceof String s) {
                    feeds.add(entry(s.strip()));
                } else if (o instanceof JsonObject j) {
                    feeds.add(of(j.getString("url"), j.getString("format")));
                } else {
                    throw invalid("each entry is a URL or {\"url\", \"format\"}");
                }
            }
        } else {
            throw invalid("a list of URLs");
        }
        return List.copyOf(feeds);
    }

    private static PullFeed entry(String entry) {
        int at = entry.indexOf('@');
        if (at > 0 && CONTENT_TYPES.containsKey(entry.substring(0, at).toLowerCase(Locale.ROOT))) {
            return of(entry.substring(at + 1), entry.substring(0, at));
        }
        return of(entry, null);
    }

    static PullFeed of(String url, String format) {
        if (url == null) {
            throw invalid("an entry has no url");
        }
        try {
            URI uri = new URI(url.strip());
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw invalid("not an http(s) URL: " + redact(url));
            }
        } catch (URISyntaxException e) {
            throw invalid("not a URL (" + e.getReason() + ")");
        }
        String f = format == null || format.isBlank() ? null : format.strip().toLowerCase(Locale.ROOT);
        if (f != null && !CONTENT_TYPES.containsKey(f)) {
            throw invalid("unknown format " + format + " (eforms, ocds, native, ndjson)");
        }
        return new PullFeed(url.strip(), f);
    }

    /** The URL as logs and metrics show it: see {@link #redact}. */
    public String shownUrl() {
        return redact(url);
    }

    /**
     * {@code scheme://host[:port]/path} of a URL: its user-info, query and fragment dropped, since a feed's access
     * token usually travels there. Something that is not a URL shows as nothing of itself.
     */
    static String redact(String url) {
        try {
            URI uri = new URI(url.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "(not a URL)";
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                    + (uri.getRawPath() == null ? "" : uri.getRawPath());
        } catch (URISyntaxException e) {
            return "(not a URL)";
        }
    }

    /** The content type to parse a body as: the format's, else the response's, else sniffed from the body. */
    public String contentType(String responseType, byte[] body) {
        if (format != null) {
            return CONTENT_TYPES.get(format);
        }
        if (responseType != null) {
            String base = responseType.split(";")[0].strip().toLowerCase(Locale.ROOT);
            if (base.endsWith("xml") || base.endsWith("json") || base.equals("application/x-ndjson")) {
                return responseType;
            }
        }
        return sniff(body);
    }

    /** XML starts with '<'; a JSON document with '{' or '['; several lines each starting with '{' are NDJSON. */
    static String sniff(byte[] body) {
        int i = 0;
        if (body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF) {
            i = 3; // UTF-8 byte order mark
        }
        while (i < body.length && Character.isWhitespace(body[i])) {
            i++;
        }
        if (i >= body.length) {
            return "application/octet-stream";
        }
        if (body[i] == '<') {
            return "application/xml";
        }
        if (body[i] == '[') {
            return "application/json";
        }
        if (body[i] == '{') {
            return looksLikeNdjson(body, i) ? "application/x-ndjson" : "application/json";
        }
        return "application/octet-stream";
    }

    /** A line ending in '}' followed by a line starting with '{'. */
    private static boolean looksLikeNdjson(byte[] body, int from) {
        for (int j = from; j < body.length - 1; j++) {
            if (body[j] == '\n') {
                int k = j - 1;
                while (k > from && (body[k] == '\r' || body[k] == ' ' || body[k] == '\t')) {
                    k--;
                }
                int n = j + 1;
                while (n < body.length && (body[n] == '\r' || body[n] == ' ' || body[n] == '\t' || body[n] == '\n')) {
                    n++;
                }
                return body[k] == '}' && n < body.length && body[n] == '{';
            }
        }
        return false;
    }

    private static ConfigException invalid(String message) {
        return new ConfigException("feeds.pull.urls (ESSOR_FEED_URLS)", message);
    }
}
