package fr.essor.alerts;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A replayed match event is written from its parts' JSON text: the very text the whole event encodes to. */
class MatchEventPayloadTest {
    @Test
    void thePayloadIsTheEventAsItEncodes() {
        JsonObject notice = new JsonObject().put("id", "n-1").put("title", "Entretien \"espaces\" verts\nlot é").putNull("buyer");
        JsonObject lot = new JsonObject().put("lotId", "LOT-0001").put("mainCpv", "77310000");
        JsonObject match = new JsonObject().put("siret", "80746931700018").put("score", 0.8125)
                .put("components", new JsonObject().put("text", new JsonObject().put("score", 1.0)));
        JsonObject event = new JsonObject().put("eventId", "n-1:LOT-0001:80746931700018\\\"").put("notice", notice)
                .put("lot", lot).put("match", match);

        String payload = MatchEventStore.payload(event.getString("eventId"), notice.encode(), lot.encode(), match.encode());

        assertThat(payload).isEqualTo(event.encode());
        assertThat(new JsonObject(payload)).isEqualTo(event);
    }
}
