package fr.essor.matching;

import fr.essor.registry.Category;
import fr.essor.registry.Enterprise;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
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
     * components: {text, cpv, geo, capacity, preference}}} (DESIGN.md section 5), as JSON text.
     */
    public String encode() {
        return JsonText.encode(this::write);
    }

    /** The same as a JsonObject (read back from the text). */
    public JsonObject toJson() {
        return new JsonObject(encode());
    }

    void write(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("siret", enterprise.siret());
        g.writeStringField("name", enterprise.name());
        g.writeArrayFieldStart("categories");
        for (Category c : enterprise.categories().stream().sorted().toList()) {
            g.writeString(c.name());
        }
        g.writeEndArray();
        g.writeNumberField("score", score);
        g.writeBooleanField("eligible", eligibility.eligible());
        g.writeFieldName("eligibility");
        eligibility.write(g);
        JsonText.number(g, "distanceKm", distanceKm == null ? null : Math.round(distanceKm * 10.0) / 10.0);
        g.writeFieldName("components");
        components.write(g);
        g.writeEndObject();
    }
}
