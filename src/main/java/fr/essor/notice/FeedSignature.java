package fr.essor.notice;

import fr.essor.http.FieldError;
import fr.essor.http.ProblemException;
import fr.essor.http.StandardWebhooks;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Standard Webhooks verification of a feed's push: {@code webhook-id}, {@code webhook-timestamp} (Unix seconds, at
 * most {@link #TOLERANCE_SECONDS} from now either way), {@code webhook-signature} ({@code v1,<base64 HMAC-SHA256>}
 * over {@code id.timestamp.body}, several space-separated allowed) and {@code X-Feed-Id} naming the feed whose
 * secret signs. A secret written {@code whsec_<base64>} means its decoded bytes, any other its UTF-8 bytes
 * ({@link StandardWebhooks} signs and compares, in constant time). Pure: no Vert.x, the clock is given.
 */
public final class FeedSignature {
    public static final long TOLERANCE_SECONDS = 5 * 60;
    public static final int MAX_WEBHOOK_ID = 256;
    private static final String NO_MATCH = "no signature matches this feed's secret";

    /** A verified push: which feed sent it, under which delivery id. */
    public record Delivery(String feedId, String webhookId) {
    }

    private final Map<String, byte[]> keys;
    private final Clock clock;

    public FeedSignature(Map<String, String> secrets, Clock clock) {
        Map<String, byte[]> k = new LinkedHashMap<>();
        secrets.forEach((feed, secret) -> k.put(feed, keyOf(secret)));
        this.keys = Map.copyOf(k);
        this.clock = clock;
    }

    /** The HMAC key of a secret: {@code whsec_<base64>} decoded, else its UTF-8 bytes. */
    static byte[] keyOf(String secret) {
        return StandardWebhooks.key(secret);
    }

    /**
     * The checks that need no body: a known feed, a webhook-id, a timestamp within the window, a signature header.
     * Run before the body is read, so a stranger's push is refused without reading it. An unknown feed is told the
     * same as a bad signature: the answer does not say which feed ids exist.
     *
     * @throws ProblemException 401 naming the header at fault
     */
    public Delivery admit(String feedId, String webhookId, String timestamp, String signatures) {
        seconds(feedId, webhookId, timestamp);
        if (!keys.containsKey(feedId) || signatures == null || signatures.isBlank()) {
            throw unauthorized("webhook-signature", NO_MATCH);
        }
        return new Delivery(feedId, webhookId);
    }

    /**
     * Verifies the headers against the raw body ({@link #admit} and the HMAC).
     *
     * @throws ProblemException 401 naming the header at fault
     */
    public Delivery verify(String feedId, String webhookId, String timestamp, String signatures, byte[] body) {
        Delivery delivery = admit(feedId, webhookId, timestamp, signatures);
        if (!StandardWebhooks.verify(keys.get(feedId), webhookId, seconds(feedId, webhookId, timestamp), body, signatures)) {
            throw unauthorized("webhook-signature", NO_MATCH);
        }
        return delivery;
    }

    /** The timestamp's Unix seconds once the feed id, webhook-id and time window hold. */
    private long seconds(String feedId, String webhookId, String timestamp) {
        if (feedId == null || feedId.isBlank()) {
            throw unauthorized("X-Feed-Id", "a signed push must name its feed");
        }
        if (webhookId == null || webhookId.isBlank() || webhookId.length() > MAX_WEBHOOK_ID) {
            throw unauthorized("webhook-id", "required, at most " + MAX_WEBHOOK_ID + " characters");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp == null ? "" : timestamp.trim());
        } catch (NumberFormatException e) {
            throw unauthorized("webhook-timestamp", "required, Unix seconds");
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - seconds) > TOLERANCE_SECONDS) {
            throw unauthorized("webhook-timestamp", "more than " + TOLERANCE_SECONDS / 60 + " minutes from the server's time");
        }
        return seconds;
    }

    /** The {@code webhook-signature} header value a sender with this secret writes (for clients and tests). */
    public static String header(String secret, String id, String timestamp, byte[] body) {
        return StandardWebhooks.sign(keyOf(secret), id, Long.parseLong(timestamp), body);
    }

    private static ProblemException unauthorized(String header, String message) {
        return new ProblemException(401, "Unauthorized", "the feed signature is not valid: " + header + " " + message,
                List.of(new FieldError(header, message)));
    }
}
