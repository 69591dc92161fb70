package fr.essor.registry.index;

import java.util.List;
import java.util.Map;

/**
 * A page of a registry search.
 *
 * @param total  all hits
 * @param items  the page, ordered by score then SIRET (no words: by SIRET; near without words: by distance then SIRET)
 * @param facets {@code category} → {token: n} and {@code department} → {code: n}, counted over all hits,
 *               by decreasing count then value
 */
public record RegistryPage(long total, List<RegistryHit> items, Map<String, Map<String, Long>> facets) {
    public static final String FACET_CATEGORY = "category";
    public static final String FACET_DEPARTMENT = "department";
}
