package fr.essor.keys;

import fr.essor.http.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A key made through the API, as listed: never its secret, which only the creation answer shows. */
public record ApiKey(UUID id, Role role, String label, List<String> sirets, OffsetDateTime createdAt,
                     OffsetDateTime revokedAt) {
    public ApiKey {
        sirets = List.copyOf(sirets);
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("id", id.toString())
                .put("role", role.token())
                .put("label", label)
                .put("sirets", new JsonArray(sirets))
                .put("createdAt", createdAt.toString())
                .put("revokedAt", revokedAt == null ? null : revokedAt.toString());
    }
}
