package fr.essor.http;

/** One token-bucket limit: a steady rate and the burst a quiet client may spend at once. */
public record RateLimit(double perSecond, long burst) {
    public RateLimit {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs perSecond > 0 and burst >= 1");
        }
    }
}
