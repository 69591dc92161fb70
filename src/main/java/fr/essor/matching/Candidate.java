package fr.essor.matching;

import fr.essor.registry.Enterprise;

/**
 * An enterprise the index retrieved for a lot.
 *
 * @param textScore  BM25 score of the lot's text against the enterprise (0 when it matched through CPV only)
 * @param distanceKm from the lot's place to the enterprise's site; null when either is unknown
 */
public record Candidate(Enterprise enterprise, double textScore, Double distanceKm) {
}
