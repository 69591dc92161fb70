package fr.essor.registry.index;

import fr.essor.reference.CpvCatalog;
import fr.essor.registry.Category;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the matching asks the index for one lot (DESIGN.md section 4): the candidates are the eligible enterprises
 * within reach; the activity clauses and the distance only order them.
 *
 * @param text               lot title + description (+ labels of its CPV codes, if the caller wants them in BM25)
 * @param cpv                lot CPV codes (main first), any form CpvCatalog.normalize takes; invalid ones are ignored
 * @param point              place of performance; null when unknown (then every eligible enterprise is within reach)
 * @param department         département of the place, null when unknown: enterprises listing it in their
 *                           intervention area are within reach from any distance
 * @param region             région of the place, likewise
 * @param allowed            categories that may bid (reserved lot: hard filter); null = anyone; empty = nobody
 * @param maxDistanceKm      with a point: the retrieval distance (enterprises without a location, and those whose
 *                           own area or radius covers the place, are within reach too); null = no limit
 * @param activityByCategory activity value (0 to 1) an enterprise has by holding a category whatever it declares:
 *                           the SIAE of a lot whose object is insertion; empty for an ordinary lot
 * @param k                  how many candidates, 1 to {@link #MAX_K}
 */
public record CandidateQuery(String text, List<String> cpv, GeoPoint point, String department, String region,
                             Set<Category> allowed, Double maxDistanceKm, Map<Category, Double> activityByCategory,
                             int k) {
    public static final int MAX_K = 1000;

    public CandidateQuery {
        if (k < 1 || k > MAX_K) {
            throw new IllegalArgumentException("k must be within 1.." + MAX_K);
        }
        if (maxDistanceKm != null && !(maxDistanceKm > 0)) {
            throw new IllegalArgumentException("maxDistanceKm must be positive");
        }
        cpv = cpv == null ? List.of() : cpv.stream().filter(Objects::nonNull).toList();
        allowed = allowed == null ? null : Set.copyOf(allowed);
        activityByCategory = activityByCategory == null || activityByCategory.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(activityByCategory));
    }

    /** An ordinary lot: no area, no activity granted by category. */
    public CandidateQuery(String text, List<String> cpv, GeoPoint point, Set<Category> allowed, Double maxDistanceKm, int k) {
        this(text, cpv, point, null, null, allowed, maxDistanceKm, Map.of(), k);
    }

    /** Lot codes normalised to 8 digits, invalid ones left out, duplicates removed, order kept. */
    List<String> cpvCodes() {
        return cpv.stream().map(CpvCatalog::normalize).filter(Objects::nonNull).distinct().toList();
    }
}
