package fr.essor.matching;

import fr.essor.notice.Reservation;
import io.vertx.core.json.JsonObject;

/**
 * Suppliers of a lot's trade under one legal basis, and whether the lot itself may carry that basis.
 *
 * @param eligible          eligible suppliers of the trade, wherever they are
 * @param withinReach       of those, the ones whose intervention area covers the lot's place
 * @param canCarry          of those, the ones whose estimated yearly capacity covers the lot's yearly value
 * @param withHeadcount     suppliers within reach whose headcount is known
 * @param averageCapacity   their average yearly capacity (€), null when none is known
 * @param lotCheck          the lot's conditions under this basis (only article 77 has any)
 */
public record BasisCount(Reservation reservation, String article, int eligible, int withinReach, int canCarry,
                         int withHeadcount, Double averageCapacity, LotCheck lotCheck) {
    /** {@code {reservation, article, eligible, withinReach, canCarry, lotCheck, lotCheckReason, lotCheckCode}}. */
    public JsonObject toJson() {
        return new JsonObject().put("reservation", reservation.token()).put("article", article)
                .put("eligible", eligible).put("withinReach", withinReach).put("canCarry", canCarry)
                .put("lotCheck", lotCheck.state().token()).put("lotCheckReason", lotCheck.reason())
                .put("lotCheckCode", lotCheck.code().token());
    }
}
