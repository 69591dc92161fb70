package fr.essor.http;

import java.util.Set;

/**
 * What the HTTP edge enforces besides bodies and keys: connection and request-read timeouts (0 = none) and the
 * rate limits, with the proxies whose {@code X-Forwarded-For} names the client and the feeds a signed push may name.
 */
public record EdgeSettings(int idleTimeoutSeconds, int requestReadTimeoutSeconds, RateLimits rateLimits,
                           TrustedProxies trustedProxies, Set<String> feeds) {
    public EdgeSettings {
        feeds = Set.copyOf(feeds);
    }
}
