package fr.essor.matching;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Weights of the five score components (DESIGN.md section 4). They must sum to 1 so that the score stays in
 * [0, 1] and reads as a weighted mean.
 */
public record Weights(double text, double cpv, double geo, double capacity, double preference) {
    public static final double SUM_TOLERANCE = 1e-6;
    public static final String[] NAMES = {"text", "cpv", "geo", "capacity", "preference"};

    public double sum() {
        return text + cpv + geo + capacity + preference;
    }

    public boolean sumsToOne() {
        return Math.abs(sum() - 1.0) <= SUM_TOLERANCE;
    }

    public double get(String name) {
        return switch (name) {
            case "text" -> text;
            case "cpv" -> cpv;
            case "geo" -> geo;
            case "capacity" -> capacity;
            case "preference" -> preference;
            default -> throw new IllegalArgumentException("no weight " + name);
        };
    }

    /** These weights with the given ones replaced (names of {@link #NAMES}). */
    public Weights with(Map<String, Double> overrides) {
        Map<String, Double> all = new LinkedHashMap<>(asMap());
        all.putAll(overrides);
        return new Weights(all.get("text"), all.get("cpv"), all.get("geo"), all.get("capacity"), all.get("preference"));
    }

    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String n : NAMES) {
            m.put(n, get(n));
        }
        return m;
    }
}
