package fr.essor.registry.index;

import fr.essor.reference.CpvCatalog;
import fr.essor.registry.Category;
import java.util.Set;

/**
 * Criteria of GET /api/enterprises. The HTTP edge validates the parameters (and answers 400 naming the field);
 * these checks only guard against what the edge should already have refused.
 *
 * @param q          words; alternatives ranked by BM25 over the French text fields; null or only stop words: no text criterion
 * @param categories any of; null or empty: all
 * @param cpv        a CPV code (any form CpvCatalog.normalize takes): declared or NAF-implied codes under its node
 * @param department département code of the site
 * @param near       a point and a radius; enterprises without a location are excluded
 * @param page       from 0
 * @param size       1 to 100
 */
public record RegistryQuery(String q, Set<Category> categories, String cpv, String department, Near near, int page, int size) {
    public static final int MAX_SIZE = 100;

    public record Near(GeoPoint point, double radiusKm) {
        public Near {
            if (point == null || !(radiusKm > 0)) {
                throw new IllegalArgumentException("near needs a point and a positive radius");
            }
        }
    }

    public RegistryQuery {
        if (page < 0) {
            throw new IllegalArgumentException("page must be >= 0");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be within 1.." + MAX_SIZE);
        }
        if (cpv != null && CpvCatalog.normalize(cpv) == null) {
            throw new IllegalArgumentException("cpv is not a CPV code: " + cpv);
        }
        categories = categories == null ? Set.of() : Set.copyOf(categories);
    }

    /** Everything, first page of 20. */
    public static RegistryQuery all() {
        return new RegistryQuery(null, Set.of(), null, null, null, 0, 20);
    }
}
