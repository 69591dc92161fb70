package fr.essor.matching;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Reservability of one lot (DESIGN.md sections 4 and 5).
 *
 * @param lotCheck whether the lot may carry its own reservation (holds for an unreserved lot)
 */
public record LotReservability(String lotId, List<BasisCount> bases, Recommendation recommendation,
                               SocialCondition socialCondition, LotCheck lotCheck) {
    public LotReservability {
        bases = List.copyOf(bases);
    }

    /**
     * {@code {lotId, bases: [{reservation, article, eligible, withinReach, canCarry, lotCheck, lotCheckReason,
     * lotCheckCode}], recommendation: {action, article, reason, code}, socialConditionRequired}}: the contract's shape,
     * plus a code beside each reason; why the social condition is or may be required is told in the recommendation's
     * reason. The lot's own {@code lotCheck} is the check of its reservation's basis in {@code bases}.
     */
    public JsonObject toJson() {
        JsonArray array = new JsonArray();
        bases.forEach(b -> array.add(b.toJson()));
        return new JsonObject().put("lotId", lotId).put("bases", array)
                .put("recommendation", recommendation.toJson())
                .put("socialConditionRequired", socialCondition.required());
    }
}
