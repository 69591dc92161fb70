package fr.essor.matching;

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

    /** {@code {total, totalRelation, items}} as JSON text. */
    public String encode() {
        return JsonText.encode(g -> {
            g.writeStartObject();
            g.writeNumberField("total", total);
            g.writeStringField("totalRelation", totalExact ? "eq" : "gte");
            g.writeArrayFieldStart("items");
            for (MatchItem item : items) {
                item.write(g);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** The same as a JsonObject (read back from the text). */
    public JsonObject toJson() {
        return new JsonObject(encode());
    }
}
