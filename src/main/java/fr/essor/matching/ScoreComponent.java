package fr.essor.matching;

import io.vertx.core.json.JsonObject;

/**
 * One part of a match score: its value in [0, 1] (rounded to 4 decimals, so that a reader can recompute the score
 * from what is shown), its weight, a short reason in English and its stable code ({@link ReasonCodes}), which a
 * page translates.
 */
public record ScoreComponent(double value, double weight, String code, String reason) {
    public ScoreComponent {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("component value out of [0, 1]: " + value);
        }
        value = round4(value);
        if (code == null || code.isBlank()) {
            throw new IllegalArgumentException("a reason needs its code: " + reason);
        }
    }

    public double weighted() {
        return value * weight;
    }

    public JsonObject toJson() {
        return new JsonObject().put("value", value).put("weight", weight).put("code", code).put("reason", reason);
    }

    static double round4(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }
}
