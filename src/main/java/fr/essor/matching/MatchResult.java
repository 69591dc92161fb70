package fr.essor.matching;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A page of matches for one lot.
 *
 * @param total      the eligible enterprises within reach (every one a candidate), of which {@code items} is one
 *                   page; the same on every page of a question
 * @param totalExact false when the count stopped at 10,000 ({@code totalRelation: gte})
 * @param lotCheck   whether the lot may carry its reservation (article 77 conditions); not part of the JSON page
 */
public record MatchResult(int total, boolean totalExact, List<MatchItem> items, LotCheck lotCheck) {
    public MatchResult {
        items = List.copyOf(items);
    }

    /** The same page showing other items (the same enterprises, shown whole). */
    public MatchResult withItems(List<MatchItem> shown) {
        return new MatchResult(total, totalExact, shown, lotCheck);
    }

    /** {@code {total, totalRelation, items}}. */
    public JsonObject toJson() {
        JsonArray array = new JsonArray();
        items.forEach(i -> array.add(i.toJson()));
        return new JsonObject().put("total", total).put("totalRelation", totalExact ? "eq" : "gte").put("items", array);
    }
}
