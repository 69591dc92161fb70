package fr.essor.matching;

import fr.essor.notice.Notice;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

import java.util.List;
import java.util.UUID;

/**
 * What {@code matches.ready} carries once a notice's automatic matches are saved: the notice as it was matched and
 * its lots with the items saved (their JSON text as stored), best first. The alerts fan out from it without reading back what was just written.
 * Delivered by reference inside this JVM (never encoded, never copied): nobody changes it after it is published.
 */
public record MatchesReady(UUID noticeId, Notice notice, List<MatchStore.SavedLot> lots) {
    private static final String CODEC = "essor.matches-ready";

    public MatchesReady {
        lots = List.copyOf(lots);
    }

    /** Matches saved, all lots together. */
    public int matches() {
        return lots.stream().mapToInt(l -> l.items().size()).sum();
    }

    /** Lets the event bus carry it (once per Vert.x instance; a second call changes nothing). */
    static void registerCodec(EventBus bus) {
        try {
            bus.registerDefaultCodec(MatchesReady.class, new LocalCodec());
        } catch (IllegalStateException registered) {
            // another MatchVerticle of this Vert.x registered it
        }
    }

    /** The same instance to every local consumer; nothing goes over a wire. */
    private static final class LocalCodec implements MessageCodec<MatchesReady, MatchesReady> {
        @Override
        public void encodeToWire(Buffer buffer, MatchesReady ready) {
            throw new UnsupportedOperationException("matches.ready is published inside this JVM only");
        }

        @Override
        public MatchesReady decodeFromWire(int pos, Buffer buffer) {
            throw new UnsupportedOperationException("matches.ready is published inside this JVM only");
        }

        @Override
        public MatchesReady transform(MatchesReady ready) {
            return ready;
        }

        @Override
        public String name() {
            return CODEC;
        }

        @Override
        public byte systemCodecID() {
            return -1;
        }
    }
}
