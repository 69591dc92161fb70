package fr.essor.matching;

import io.vertx.core.json.JsonObject;

/** The five components of a match score (DESIGN.md section 4); the score is their weighted sum. */
public record Components(ScoreComponent text, ScoreComponent cpv, ScoreComponent geo, ScoreComponent capacity,
                         ScoreComponent preference) {
    public double score() {
        return ScoreComponent.round4(text.weighted() + cpv.weighted() + geo.weighted() + capacity.weighted()
                + preference.weighted());
    }

    public Components withText(ScoreComponent other) {
        return new Components(other, cpv, geo, capacity, preference);
    }

    public JsonObject toJson() {
        return new JsonObject().put("text", text.toJson()).put("cpv", cpv.toJson()).put("geo", geo.toJson())
                .put("capacity", capacity.toJson()).put("preference", preference.toJson());
    }
}
