package fr.essor.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * New keys and the hash they are stored and looked up by. A key is {@code essor_} (so a leaked one is recognisable,
 * e.g. by secret scanners) and 32 random bytes in URL-safe base64. Plain SHA-256 is enough for such a key: with 256
 * bits of randomness, a hash is as hard to invert as the key is to guess, so a slow salted password hash would only
 * slow every request down.
 */
public final class KeySecret {
    public static final String PREFIX = "essor_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeySecret() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
