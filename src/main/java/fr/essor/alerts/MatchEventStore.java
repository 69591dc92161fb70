package fr.essor.alerts;

import fr.essor.config.EssorConfig;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The match events of the last {@code alerts.streamReplayHours} (table {@code match_event}), in the order they were
 * stored: what {@code /api/stream} replays after a {@code Last-Event-ID}. Events are stored before they are published,
 * so a stream that subscribed before asking finds every event either here or on the live topic.
 */
public final class MatchEventStore {
    private static final Logger LOG = Logger.getLogger(MatchEventStore.class.getName());

    /** One stored event: its position, its id and the event as it was published. */
    public record Stored(long seq, String eventId, JsonObject event) {
    }

    private static final long DELETE_EVERY_MILLIS = 60_000;

    private final Pool pool;
    private final Duration window;
    private final AtomicLong lastDelete = new AtomicLong(Long.MIN_VALUE / 2);

    public MatchEventStore(Pool pool, Duration window) {
        this.pool = pool;
        this.window = window;
    }

    /** {@code alerts.streamReplayHours}: how long events are kept for a reconnecting stream. */
    public static Duration window(EssorConfig config) {
        return Duration.ofHours(config.intIn("alerts.streamReplayHours", 1, 24 * 365));
    }

    public Duration window() {
        return window;
    }

    /** An event to store: its id, the SIRET it concerns ("" when none), its payload as stored, and the event itself. */
    public record Event(String eventId, String siret, String payload, JsonObject event) {
        /**
         * The event {@code {eventId, notice, lot, match}} with its payload written from its parts' JSON text (the
         * notice's and lot's written once for all their matches, the match as it was saved): the text
         * {@code event.encode()} would give, without encoding the item again. Off the event loop.
         */
        public static Event of(JsonObject event, String noticeJson, String lotJson, String matchJson) {
            String eventId = event.getString("eventId");
            String siret = event.getJsonObject("match", new JsonObject()).getString("siret");
            String payload = "{\"eventId\":" + Json.encode(eventId) + ",\"notice\":" + noticeJson + ",\"lot\":" + lotJson
                    + ",\"match\":" + matchJson + "}";
            return new Event(eventId, siret == null ? "" : siret, payload, event);
        }
    }

    /**
     * Stores the events not stored yet, then (at most once a minute) deletes those older than the window. Resolves
     * with the events newly stored, in their stored order: an event id met again (the same notice fanned out twice)
     * is not new.
     */
    public Future<List<JsonObject>> append(List<Event> events) {
        if (events.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        String[] ids = new String[events.size()];
        String[] sirets = new String[events.size()];
        String[] payloads = new String[events.size()];
        Map<String, JsonObject> byId = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            ids[i] = e.eventId();
            sirets[i] = e.siret();
            payloads[i] = e.payload();
            byId.put(ids[i], e.event());
        }
        return pool.preparedQuery("INSERT INTO match_event (event_id, siret, payload) "
                        + "SELECT e.event_id, e.siret, e.payload::jsonb "
                        + "FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS e(event_id, siret, payload, n) "
                        + "ORDER BY e.n ON CONFLICT (event_id) DO NOTHING RETURNING seq, event_id")
                .execute(Tuple.of(ids, sirets, payloads))
                .map(rows -> {
                    List<long[]> order = new ArrayList<>();
                    List<String> newIds = new ArrayList<>();
                    for (Row row : rows) {
                        order.add(new long[]{row.getLong(0), newIds.size()});
                        newIds.add(row.getString(1));
                    }
                    order.sort((a, b) -> Long.compare(a[0], b[0]));
                    List<JsonObject> fresh = new ArrayList<>(order.size());
                    for (long[] o : order) {
                        fresh.add(byId.get(newIds.get((int) o[1])));
                    }
                    return fresh;
                })
                .onSuccess(v -> deleteOld());
    }

    /**
     * Cleanup on write, at most once a minute (not after every notice): what is older than the window is never
     * replayed anyway (reads filter on it), so a late delete only keeps rows a little longer. A failure only delays it.
     */
    private void deleteOld() {
        long now = System.currentTimeMillis();
        long last = lastDelete.get();
        if (now - last < DELETE_EVERY_MILLIS || !lastDelete.compareAndSet(last, now)) {
            return;
        }
        pool.preparedQuery("DELETE FROM match_event WHERE created_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) window.toSeconds()))
                .onFailure(e -> LOG.log(Level.WARNING, "deleting old match events failed", e));
    }

    /** The position of an event still within the window, or 0 when it is unknown or older (then the whole window follows). */
    public Future<Long> position(String eventId) {
        return pool.preparedQuery("SELECT seq FROM match_event WHERE event_id = $1 AND created_at >= now() - make_interval(secs => $2)")
                .execute(Tuple.of(eventId, (double) window.toSeconds()))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getLong(0) : 0L);
    }

    /**
     * At most {@code limit} events after position {@code after} and within the window, in order; {@code siret} (or
     * null) narrows to one enterprise, {@code sirets} (or null) to a supplier's own.
     */
    public Future<List<Stored>> after(long after, String siret, List<String> sirets, int limit) {
        return pool.preparedQuery("SELECT seq, event_id, payload FROM match_event "
                        + "WHERE seq > $1 AND created_at >= now() - make_interval(secs => $2) "
                        + "AND ($3::text IS NULL OR siret = $3) AND ($4::text[] IS NULL OR siret = ANY($4)) "
                        + "ORDER BY seq LIMIT $5")
                .execute(Tuple.of(after, (double) window.toSeconds(), siret,
                        sirets == null ? null : sirets.toArray(new String[0]), limit))
                .map(rows -> {
                    List<Stored> out = new ArrayList<>();
                    for (Row row : rows) {
                        Object payload = row.getValue(2);
                        JsonObject event = payload instanceof JsonObject j ? j : new JsonObject(String.valueOf(payload));
                        out.add(new Stored(row.getLong(0), row.getString(1), event));
                    }
                    return out;
                });
    }
}
