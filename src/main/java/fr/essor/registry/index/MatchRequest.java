package fr.essor.registry.index;

import fr.essor.reference.CpvCatalog;
import fr.essor.registry.Category;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the matching asks the index for one lot.
 *
 * @param text          lot title + description (+ labels of its CPV codes, if the caller wants them in BM25)
 * @param cpv           lot CPV codes (main first), any form CpvCatalog.normalize takes; invalid ones are ignored
 * @param point         place of performance; null when unknown (then no geo filter and no distance feature)
 * @param allowed       categories that may bid (reserved lot: hard filter); null = anyone; empty = nobody
 * @param maxDistanceKm with a point: keep enterprises within it, and those without a location; null = no limit
 *                      (then no distance feature either: a feature without its filter is 2.5 times slower)
 * @param k             how many candidates, 1 to {@link #MAX_K}
 */
public record MatchRequest(String text, List<String> cpv, GeoPoint point, Set<Category> allowed, Double maxDistanceKm, int k) {
    public static final int MAX_K = 1000;

    public MatchRequest {
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException("k must be within 1.." + MAX_K);
        }
        if (maxDistanceKm != null && !(maxDistanceKm > 0)) {
            throw new IllegalArgumentException("maxDistanceKm must be positive");
        }
        cpv = cpv == null ? List.of() : cpv.stream().filter(Objects::nonNull).toList();
        allowed = allowed == null ? null : Set.copyOf(allowed);
    }

    /** Lot codes normalised to 8 digits, invalid ones left out, duplicates removed, order kept. */
    List<String> cpvCodes() {
        return cpv.stream().map(CpvCatalog::normalize).filter(Objects::nonNull).distinct().toList();
    }
}
