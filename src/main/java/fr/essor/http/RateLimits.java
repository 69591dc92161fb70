package fr.essor.http;

/**
 * The configured limits (http.rateLimits): per API key, per signed feed, per client address without a key; how
 * many buckets each kind keeps at most; whether they apply at all.
 */
public record RateLimits(boolean enabled, RateLimit perKey, RateLimit perFeed, RateLimit perAddress, int maxTracked) {
    public static RateLimits off() {
        RateLimit any = new RateLimit(1, 1);
        return new RateLimits(false, any, any, any, 1);
    }
}
