package fr.essor.notice;

import fr.essor.http.FieldError;
import fr.essor.http.ProblemException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Standard Webhooks verification of a feed's push: {@code webhook-id}, {@code webhook-timestamp} (Unix seconds, at
 * most {@link #TOLERANCE_SECONDS} from now either way), {@code webhook-signature} ({@code v1,<base64 HMAC-SHA256>}
 * over {@code id.timestamp.body}, several space-separated allowed) and {@code X-Feed-Id} naming the feed whose
 * secret signs. A secret written {@code whsec_<base64>} means its decoded bytes, any other its UTF-8 bytes.
 * Pure: no Vert.x, the clock is given.
 */
public final class FeedSignature {
    public static final long TOLERANCE_SECONDS = 5 * 60;
    public static final int MAX_WEBHOOK_ID = 256;
    private static final String SECRET_PREFIX = "whsec_";

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
        if (secret.startsWith(SECRET_PREFIX)) {
            try {
                return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                // not base64 after the prefix: the secret is taken as written
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Verifies the headers against the raw body.
     *
     * @throws ProblemException 401 naming the header at fault
     */
    public Delivery verify(String feedId, String webhookId, String timestamp, String signatures, byte[] body) {
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
        byte[] key = keys.get(feedId);
        if (key == null || signatures == null || !matches(key, webhookId, timestamp.trim(), signatures, body)) {
            throw unauthorized("webhook-signature", "no signature matches this feed's secret");
        }
        return new Delivery(feedId, webhookId);
    }

    private static boolean matches(byte[] key, String id, String timestamp, String header, byte[] body) {
        byte[] expected = sign(key, id, timestamp, body);
        boolean found = false;
        for (String entry : header.trim().split(" +")) {
            int comma = entry.indexOf(',');
            if (comma < 0 || !entry.substring(0, comma).equals("v1")) {
                continue; // another scheme (e.g. v1a): not ours to check
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(entry.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            // constant time, and every entry checked so timing does not tell which one matched
            found |= MessageDigest.isEqual(expected, given);
        }
        return found;
    }

    /** HMAC-SHA256 of {@code id.timestamp.body}. */
    public static byte[] sign(byte[] key, String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The {@code webhook-signature} header value a sender with this secret writes (for clients and tests). */
    public static String header(String secret, String id, String timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(sign(keyOf(secret), id, timestamp, body));
    }

    private static ProblemException unauthorized(String header, String message) {
        return new ProblemException(401, "Unauthorized", "the feed signature is not valid: " + header + " " + message,
                List.of(new FieldError(header, message)));
    }
}
