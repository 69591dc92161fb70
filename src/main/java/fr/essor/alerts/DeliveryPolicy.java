package fr.essor.alerts;

import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * How webhook pushes are retried: exponential back-off from {@code firstRetry}, capped at {@code maxDelay}, given up
 * after {@code maxAttempts}.
 */
public record DeliveryPolicy(int maxAttempts, Duration firstRetry, Duration maxDelay, Duration timeout, Duration poll, int batch) {

    public static DeliveryPolicy from(JsonObject alerts) {
        JsonObject w = alerts.getJsonObject("webhooks", new JsonObject());
        return new DeliveryPolicy(
                w.getInteger("maxAttempts", 8),
                Duration.ofMillis(w.getLong("firstRetryMillis", 1_000L)),
                Duration.ofMillis(w.getLong("maxDelayMillis", 3_600_000L)),
                Duration.ofMillis(w.getLong("timeoutMillis", 10_000L)),
                Duration.ofMillis(w.getLong("pollMillis", 500L)),
                w.getInteger("batch", 20));
    }

    /** The wait before the next try after {@code attempts} failed ones (1 → firstRetry, 2 → twice that ...). */
    public Duration delayAfter(int attempts) {
        long factor = 1L << Math.min(Math.max(attempts - 1, 0), 30);
        long millis = firstRetry.toMillis() * factor;
        return millis > maxDelay.toMillis() || millis < 0 ? maxDelay : Duration.ofMillis(millis);
    }
}
