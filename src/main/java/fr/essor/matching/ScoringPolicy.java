package fr.essor.matching;

import fr.essor.registry.Category;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** Weights and preference policy in force for one question: the configuration's, with a request's overrides. */
public record ScoringPolicy(Weights weights, Map<Category, Double> preference) {
    public ScoringPolicy {
        if (!weights.sumsToOne()) {
            throw new IllegalArgumentException("weights must sum to 1, got " + weights.sum());
        }
        preference = Collections.unmodifiableMap(preference.isEmpty()
                ? new EnumMap<>(Category.class) : new EnumMap<>(preference));
    }

    public static ScoringPolicy of(MatchingConfig config) {
        return new ScoringPolicy(config.weights(), config.preference());
    }
}
