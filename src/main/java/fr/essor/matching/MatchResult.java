package fr.essor.matching;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A page of matches for one lot.
 *
 * @param total    matches found (after the eligibility gate), of which {@code items} is one page
 * @param lotCheck whether the lot may carry its reservation (article 77 conditions); not part of the JSON page
 */
public record MatchResult(int total, List<MatchItem> items, LotCheck lotCheck) {
    public MatchResult {
        items = List.copyOf(items);
    }

    /** {@code {total, items}}. */
    public JsonObject toJson() {
        JsonArray array = new JsonArray();
        items.forEach(i -> array.add(i.toJson()));
        return new JsonObject().put("total", total).put("items", array);
    }
}
