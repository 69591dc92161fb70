package fr.essor.matching;

import fr.essor.registry.Category;

import java.util.List;
import java.util.Set;

/**
 * What the matcher asks the index for: top candidates for a lot's text and CPV codes, near its place.
 *
 * @param allowedCategories hard filter (any of); null for no filter (unreserved lot)
 * @param lat               null when the lot's place is unknown (then no distance filter nor boost)
 * @param maxDistanceKm     distance filter; null for none; enterprises without a location always pass
 * @param k                 how many candidates at most
 */
public record RetrievalQuery(String text, List<String> cpv, Double lat, Double lon, Set<Category> allowedCategories,
                             Double maxDistanceKm, int k) {
    public RetrievalQuery {
        cpv = List.copyOf(cpv);
        allowedCategories = allowedCategories == null ? null : Set.copyOf(allowedCategories);
    }
}
