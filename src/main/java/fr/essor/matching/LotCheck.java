package fr.essor.matching;

import fr.essor.notice.Reservation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Whether the lot itself may carry its reservation. Only public-service-mission has lot conditions (main CPV on the
 * article 77 list, at most 36 months); {@code qualifies} is null when a condition cannot be checked (unknown code
 * or duration), false when one fails; {@code reasons} say which.
 */
public record LotCheck(Reservation reservation, Boolean qualifies, List<String> reasons) {
    public LotCheck {
        reasons = List.copyOf(reasons);
    }

    public JsonObject toJson() {
        return new JsonObject().put("reservation", reservation.token()).put("qualifies", qualifies)
                .put("reasons", new JsonArray(reasons));
    }
}
