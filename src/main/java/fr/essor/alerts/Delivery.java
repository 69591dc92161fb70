package fr.essor.alerts;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One push to a subscriber and how it went, as {@link WebhookDispatcher} records it: the dispatcher keeps the last
 * attempt of each delivery (its time, HTTP status or error, and the attempt number), not every attempt.
 */
record Delivery(UUID id, String type, UUID noticeId, String lotId, String status, int attempts, OffsetDateTime lastAttemptAt,
                Integer lastStatus, String lastError, OffsetDateTime nextAttemptAt, OffsetDateTime deliveredAt,
                OffsetDateTime createdAt) {

    static final String COLUMNS = "id, payload->>'type' AS type, notice_id, lot_id, status, attempts, last_attempt_at, "
            + "last_status, last_error, next_attempt_at, delivered_at, created_at";

    static Delivery read(Row r) {
        return new Delivery(r.getUUID("id"), r.getString("type"), r.getUUID("notice_id"), r.getString("lot_id"), r.getString("status"),
                r.getInteger("attempts"), r.getOffsetDateTime("last_attempt_at"), r.getInteger("last_status"), r.getString("last_error"),
                r.getOffsetDateTime("next_attempt_at"), r.getOffsetDateTime("delivered_at"), r.getOffsetDateTime("created_at"));
    }

    JsonObject toJson() {
        boolean waiting = "pending".equals(status) || "sending".equals(status);
        return new JsonObject()
                .put("id", id.toString())
                .put("type", type)
                .put("noticeId", noticeId == null ? null : noticeId.toString())
                .put("lotId", lotId)
                .put("status", status)
                .put("attempts", attempts)
                .put("lastAttemptAt", text(lastAttemptAt))
                .put("lastStatus", lastStatus)
                .put("lastError", lastError)
                // a delivered or given-up push has no next try
                .put("nextAttemptAt", waiting ? text(nextAttemptAt) : null)
                .put("deliveredAt", text(deliveredAt))
                .put("createdAt", text(createdAt));
    }

    private static String text(OffsetDateTime t) {
        return t == null ? null : t.toString();
    }
}
