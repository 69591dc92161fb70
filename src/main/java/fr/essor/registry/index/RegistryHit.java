package fr.essor.registry.index;

import fr.essor.registry.Enterprise;

/**
 * One item of a registry search.
 *
 * @param score      BM25 relevance when the query had words, else null
 * @param distanceKm from the {@code near} point when given, else null
 */
public record RegistryHit(Enterprise enterprise, Float score, Double distanceKm) {
}
