package fr.essor.matching;

import fr.essor.notice.Reservation;
import io.vertx.core.json.JsonObject;

/**
 * Whether an enterprise may bid for a lot given its reservation, the article founding it, and why.
 * Reported for every (lot, enterprise), unreserved lots included; {@code code} is stable ({@link ReasonCodes}).
 */
public record Eligibility(Reservation reservation, boolean eligible, String article, String code, String reason) {
    /** {@code {reservation, article, code, reason}} as in a match item. */
    public JsonObject toJson() {
        return new JsonObject().put("reservation", reservation.token()).put("article", article).put("code", code)
                .put("reason", reason);
    }
}
