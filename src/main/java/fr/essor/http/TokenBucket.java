package fr.essor.http;

/**
 * A token bucket: starts full ({@code burst} tokens), refills at {@code perSecond}, a request takes one token.
 * Not thread-safe: {@link RateLimiter} guards it. Time is given in nanoseconds so tests can drive it.
 */
final class TokenBucket {
    private final RateLimit limit;
    private double tokens;
    private long last;

    TokenBucket(RateLimit limit, long now) {
        this.limit = limit;
        this.tokens = limit.burst();
        this.last = now;
    }

    /** Takes a token: 0 when granted, else the nanoseconds until one is there (nothing is taken then). */
    long take(long now) {
        if (now > last) {
            tokens = Math.min(limit.burst(), tokens + (now - last) * limit.perSecond() / 1e9);
            last = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / limit.perSecond() * 1e9);
    }

    /** The whole seconds to wait, as a Retry-After header says it: rounded up, at least 1. */
    static long retryAfterSeconds(long waitNanos) {
        return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }
}
