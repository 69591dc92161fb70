package fr.essor.alerts;

import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A standing request for alerts: a saved query (the body of {@code POST /api/match}: which lots a network wants to
 * hear of) or an enterprise's SIRET (the lots it was matched to), pushed to a callback signed with the
 * subscription's own secret. It belongs to the key that made it ({@code ownerKey}: the caller's key id, never the
 * key; null for subscriptions made before owners were kept, which only admins see).
 */
public record Subscription(UUID id, Kind kind, JsonObject query, String siret, String callbackUrl, String secret,
                           String ownerKey, OffsetDateTime createdAt) {

    public enum Kind {
        QUERY, ENTERPRISE;

        String token() {
            return name().toLowerCase();
        }

        static Kind of(String token) {
            return valueOf(token.toUpperCase());
        }
    }

    public Subscription withSecret(String newSecret) {
        return new Subscription(id, kind, query, siret, callbackUrl, newSecret, ownerKey, createdAt);
    }

    /** The API shape; the secret only when asked (it is shown once, on creation). */
    public JsonObject toJson(boolean withSecret) {
        JsonObject json = new JsonObject()
                .put("id", id.toString())
                .put("kind", kind.token())
                .put("query", query)
                .put("siret", siret)
                .put("callbackUrl", callbackUrl)
                .put("owner", ownerKey)
                .put("createdAt", createdAt == null ? null : createdAt.toString());
        if (withSecret) {
            json.put("secret", secret);
        }
        return json;
    }
}
