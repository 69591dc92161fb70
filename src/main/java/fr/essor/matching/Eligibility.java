package fr.essor.matching;

import fr.essor.notice.Reservation;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.json.JsonObject;

import java.io.IOException;

/**
 * Whether an enterprise may bid for a lot given its reservation, the article founding it, and why.
 * Reported for every (lot, enterprise), unreserved lots included; {@code code} is stable ({@link ReasonCodes}).
 */
public record Eligibility(Reservation reservation, boolean eligible, String article, String code, String reason) {
    /** {@code {reservation, article, code, reason}} as in a match item. */
    public JsonObject toJson() {
        return JsonText.object(this::write);
    }

    void write(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("reservation", reservation.token());
        g.writeStringField("article", article);
        g.writeStringField("code", code);
        g.writeStringField("reason", reason);
        g.writeEndObject();
    }
}
