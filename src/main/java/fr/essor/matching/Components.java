package fr.essor.matching;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.json.JsonObject;

import java.io.IOException;

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
        return JsonText.object(this::write);
    }

    /** {@code {text, cpv, geo, capacity, preference}}. */
    void write(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeFieldName("text");
        text.write(g);
        g.writeFieldName("cpv");
        cpv.write(g);
        g.writeFieldName("geo");
        geo.write(g);
        g.writeFieldName("capacity");
        capacity.write(g);
        g.writeFieldName("preference");
        preference.write(g);
        g.writeEndObject();
    }
}
