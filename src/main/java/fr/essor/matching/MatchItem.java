package fr.essor.matching;

import fr.essor.registry.Category;
import fr.essor.registry.Enterprise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One enterprise matched to a lot, with its eligibility and the reason for each point of its score.
 *
 * @param enterprise  its scoring view (name, no address), or the whole enterprise where a page shows more (CSV)
 * @param activity    what the text and cpv components were computed from (not part of the JSON)
 * @param sharedTerms the lot's analysed terms the enterprise's text holds, when it shares any (not part of the JSON)
 */
public record MatchItem(Enterprise enterprise, double score, Eligibility eligibility, Double distanceKm,
                        Components components, ComponentScorer.Activity activity, List<String> sharedTerms) {

    /** The same item showing the whole enterprise (it was scored on its scoring view). */
    public MatchItem withEnterprise(Enterprise whole) {
        return new MatchItem(whole, score, eligibility, distanceKm, components, activity, sharedTerms);
    }

    /** The same item with another text component of the same value (its reason once the shared words are known). */
    public MatchItem withText(ScoreComponent text) {
        return new MatchItem(enterprise, score, eligibility, distanceKm, components.withText(text), activity, sharedTerms);
    }

    public String siret() {
        return enterprise.siret();
    }

    /**
     * {@code {siret, name, categories, score, eligible, eligibility: {reservation, article, reason}, distanceKm,
     * components: {text, cpv, geo, capacity, preference}}} (DESIGN.md section 5).
     */
    public JsonObject toJson() {
        JsonArray categories = new JsonArray();
        enterprise.categories().stream().sorted().map(Category::name).forEach(categories::add);
        return new JsonObject()
                .put("siret", enterprise.siret())
                .put("name", enterprise.name())
                .put("categories", categories)
                .put("score", score)
                .put("eligible", eligibility.eligible())
                .put("eligibility", eligibility.toJson())
                .put("distanceKm", distanceKm == null ? null : Math.round(distanceKm * 10.0) / 10.0)
                .put("components", components.toJson());
    }
}
