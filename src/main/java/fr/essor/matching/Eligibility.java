package fr.essor.matching;

import fr.essor.notice.Reservation;
import io.vertx.core.json.JsonObject;

/**
 * Whether an enterprise may bid for a lot given its reservation, the article founding it, and why.
 * Reported for every (lot, enterprise), unreserved lots included.
 */
public record Eligibility(Reservation reservation, boolean eligible, String article, String reason) {
    /** {@code {reservation, article, reason}} as in a match item. */
    public JsonObject toJson() {
        return new JsonObject().put("reservation", reservation.token()).put("article", article).put("reason", reason);
    }
}
