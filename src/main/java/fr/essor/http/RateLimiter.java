package fr.essor.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets by name (an API key, a feed, a client address), in memory on this node. The map is bounded and
 * kept in least-recently-used order: a flood of new addresses evicts the idlest buckets instead of growing it, and an
 * idle bucket has refilled anyway, so forgetting it costs nothing. Each call holds the lock for a few arithmetic
 * steps only (never I/O), so it is safe on the event loop.
 */
final class RateLimiter {
    private final RateLimit limit;
    private final LongSupplier nanoClock;
    private final Map<String, TokenBucket> buckets;

    RateLimiter(RateLimit limit, int maxTracked, LongSupplier nanoClock) {
        this.limit = limit;
        this.nanoClock = nanoClock;
        this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
                return size() > maxTracked;
            }
        };
    }

    /** 0 when the request may go on, else the nanoseconds until the bucket of {@code name} has a token again. */
    synchronized long acquire(String name) {
        long now = nanoClock.getAsLong();
        return buckets.computeIfAbsent(name, n -> new TokenBucket(limit, now)).take(now);
    }

    synchronized int tracked() {
        return buckets.size();
    }

    RateLimit limit() {
        return limit;
    }
}
