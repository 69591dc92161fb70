package fr.essor.http;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The Standard Webhooks signature scheme, both ways: feeds sign what they push to essor, essor signs what it pushes
 * to subscribers. {@code webhook-signature: v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>}.
 */
public final class StandardWebhooks {
    private static final String PREFIX = "whsec_";
    /** Between the signatures of one header; compiled once (String.split compiled it for every push). */
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private StandardWebhooks() {
    }

    /** The HMAC key of a secret: the UTF-8 bytes, or for {@code whsec_<base64>} the decoded bytes. */
    public static byte[] key(String secret) {
        if (secret.startsWith(PREFIX)) {
            try {
                return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
            } catch (IllegalArgumentException e) {
                // not base64 after all: the secret is taken as written
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The header value {@code v1,<base64>} for one message. */
    public static String sign(byte[] key, String id, long timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(key, id, timestamp, body));
    }

    /** Whether any of the space-separated {@code v1,} signatures is right; constant-time per comparison. */
    public static boolean verify(byte[] key, String id, long timestamp, byte[] body, String signatures) {
        byte[] expected = hmac(key, id, timestamp, body);
        boolean ok = false;
        for (String candidate : SPACES.split(signatures.trim())) {
            if (!candidate.startsWith("v1,")) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(candidate.substring(3));
            } catch (IllegalArgumentException e) {
                continue;
            }
            ok |= MessageDigest.isEqual(expected, given);
        }
        return ok;
    }

    private static byte[] hmac(byte[] key, String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
