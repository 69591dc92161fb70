package fr.essor.alerts;

import fr.essor.config.EssorConfig;

import java.time.Duration;

/**
 * How webhook pushes are retried: exponential back-off from {@code firstRetry}, capped at {@code maxDelay}, given up
 * after {@code maxAttempts}.
 */
public record DeliveryPolicy(int maxAttempts, Duration firstRetry, Duration maxDelay, Duration timeout, Duration poll, int batch) {

    public static DeliveryPolicy from(EssorConfig config) {
        String w = "alerts.webhooks.";
        return new DeliveryPolicy(
                config.intIn(w + "maxAttempts", 1, 100),
                Duration.ofMillis(config.longIn(w + "firstRetryMillis", 1, 86_400_000)),
                Duration.ofMillis(config.longIn(w + "maxDelayMillis", 1, 7 * 86_400_000L)),
                Duration.ofMillis(config.longIn(w + "timeoutMillis", 1, 600_000)),
                Duration.ofMillis(config.longIn(w + "pollMillis", 10, 3_600_000)),
                config.intIn(w + "batch", 1, 1000));
    }

    /** The wait before the next try after {@code attempts} failed ones (1 → firstRetry, 2 → twice that ...). */
    public Duration delayAfter(int attempts) {
        long factor = 1L << Math.min(Math.max(attempts - 1, 0), 30);
        long millis = firstRetry.toMillis() * factor;
        return millis > maxDelay.toMillis() || millis < 0 ? maxDelay : Duration.ofMillis(millis);
    }
}
