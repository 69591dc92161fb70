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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The match events of the last {@code alerts.streamReplayHours}, in the order they were published: what
 * {@code /api/stream} replays after a {@code Last-Event-ID}. A notice's fan-out is one row ({@code match_fanout}: its
 * summary and its lots' as published, and how many items of each lot made events); its events are its stored
 * matches ({@code lot_match}, written before the fan-out and never changed after), in lot then rank order. So the
 * events are not written a second time. A fan-out is recorded before its events are published, so a stream that
 * subscribed before asking finds every event either here or on the live topic.
 */
public final class MatchEventStore {
    private static final Logger LOG = Logger.getLogger(MatchEventStore.class.getName());
    private static final long DELETE_EVERY_MILLIS = 60_000;
    private static final int UUID_LENGTH = 36;
    private static final int SIRET_LENGTH = 14;

    /** Where an event stands in the replay order: its notice's fan-out, its lot's position, its rank. */
    public record Position(long fanout, int lot, int rank) {
        /** Before every event. */
        public static final Position START = new Position(0, -1, -1);
    }

    /** One stored event: its position, its id, the SIRET it concerns and the event as it was published (JSON text). */
    public record Stored(Position position, String eventId, String siret, String data) {
    }

    /**
     * A notice's fan-out: the first {@code itemsPerLot} stored items of each lot are its events.
     *
     * @param noticeJson the notice's summary as published; @param lotsJson a JSON object, lotId → the lot's summary
     */
    public record Fanout(UUID noticeId, int itemsPerLot, String noticeJson, String lotsJson) {
    }

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

    /** The id of a match event: {@code noticeId:lotId:siret}. */
    public static String eventId(UUID noticeId, String lotId, String siret) {
        return noticeId + ":" + lotId + ":" + siret;
    }

    /**
     * What {@code match.events} carries: {@code {eventId, siret, data}}, data being the event as a stream sends it
     * (JSON text, written once for every stream and node).
     */
    static JsonObject live(String eventId, String siret, String data) {
        return new JsonObject().put("eventId", eventId).put("siret", siret).put("data", data);
    }

    /**
     * The event {@code {eventId, notice, lot, match}} as text, from its parts' JSON text: the text the event built
     * from the same parts encodes to.
     */
    static String payload(String eventId, String noticeJson, String lotJson, String matchJson) {
        return "{\"eventId\":" + Json.encode(eventId) + ",\"notice\":" + noticeJson + ",\"lot\":" + lotJson
                + ",\"match\":" + matchJson + "}";
    }

    /**
     * Records a notice's fan-out, then (at most once a minute) deletes those older than the window. True when it is
     * new: a notice fanned out again (a second {@code matches.ready}) has no new event.
     */
    public Future<Boolean> append(Fanout fanout) {
        return pool.preparedQuery("INSERT INTO match_fanout (notice_id, items_per_lot, notice, lots) "
                        + "VALUES ($1, $2, $3::text::json, $4::text::json) ON CONFLICT (notice_id) DO NOTHING RETURNING seq")
                .execute(Tuple.of(fanout.noticeId(), fanout.itemsPerLot(), fanout.noticeJson(), fanout.lotsJson()))
                .map(rows -> rows.size() > 0)
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
        pool.preparedQuery("DELETE FROM match_fanout WHERE created_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) window.toSeconds()))
                .onFailure(e -> LOG.log(Level.WARNING, "deleting old match events failed", e));
    }

    /**
     * Notices whose matches were saved at least {@code grace} ago, within the window, and never fanned out (the node
     * that saved them stopped before): oldest first, at most {@code limit}.
     */
    public Future<List<UUID>> notFannedOut(Duration grace, int limit) {
        return pool.preparedQuery("SELECT r.notice_id FROM match_run r LEFT JOIN match_fanout f ON f.notice_id = r.notice_id "
                        + "WHERE r.status = 'done' AND f.notice_id IS NULL "
                        + "AND r.updated_at < now() - make_interval(secs => $1) "
                        + "AND r.updated_at >= now() - make_interval(secs => $2) ORDER BY r.updated_at LIMIT $3")
                .execute(Tuple.of((double) grace.toSeconds(), (double) window.toSeconds(), limit))
                .map(rows -> {
                    List<UUID> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getUUID(0)));
                    return out;
                });
    }

    /** The position of an event still within the window, or {@link Position#START} when it is unknown or older. */
    public Future<Position> position(String eventId) {
        // noticeId (a UUID) : lotId (may hold ':') : SIRET (14 digits)
        if (eventId.length() < UUID_LENGTH + SIRET_LENGTH + 3 || eventId.charAt(UUID_LENGTH) != ':'
                || eventId.charAt(eventId.length() - SIRET_LENGTH - 1) != ':') {
            return Future.succeededFuture(Position.START);
        }
        UUID noticeId;
        try {
            noticeId = UUID.fromString(eventId.substring(0, UUID_LENGTH));
        } catch (IllegalArgumentException e) {
            return Future.succeededFuture(Position.START);
        }
        String lotId = eventId.substring(UUID_LENGTH + 1, eventId.length() - SIRET_LENGTH - 1);
        String siret = eventId.substring(eventId.length() - SIRET_LENGTH);
        return pool.preparedQuery("SELECT f.seq, m.lot_position, m.rank FROM match_fanout f "
                        + "JOIN lot_match m ON m.notice_id = f.notice_id AND m.rank < f.items_per_lot "
                        + "WHERE f.notice_id = $1 AND m.lot_id = $2 AND m.siret = $3 "
                        + "AND f.created_at >= now() - make_interval(secs => $4)")
                .execute(Tuple.of(noticeId, lotId, siret, (double) window.toSeconds()))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Position.START;
                    }
                    Row r = rows.iterator().next();
                    return new Position(r.getLong(0), r.getInteger(1), r.getInteger(2));
                });
    }

    /**
     * At most {@code limit} events after position {@code after} and within the window, in order; {@code siret} (or
     * null) narrows to one enterprise, {@code sirets} (or null) to a supplier's own.
     */
    public Future<List<Stored>> after(Position after, String siret, List<String> sirets, int limit) {
        return pool.preparedQuery("SELECT f.seq, m.lot_position, m.rank, f.notice_id, m.lot_id, m.siret, f.notice::text, "
                        + "(f.lots -> m.lot_id)::text, m.item::text FROM match_fanout f "
                        + "JOIN lot_match m ON m.notice_id = f.notice_id AND m.rank < f.items_per_lot "
                        + "WHERE f.seq >= $1 AND (f.seq, m.lot_position, m.rank) > ($1, $2, $3) "
                        + "AND f.created_at >= now() - make_interval(secs => $4) "
                        + "AND ($5::text IS NULL OR m.siret = $5) AND ($6::text[] IS NULL OR m.siret = ANY($6)) "
                        + "ORDER BY f.seq, m.lot_position, m.rank LIMIT $7")
                .execute(Tuple.tuple().addValue(after.fanout()).addValue(after.lot()).addValue(after.rank())
                        .addValue((double) window.toSeconds()).addValue(siret)
                        .addValue(sirets == null ? null : sirets.toArray(new String[0])).addValue(limit))
                .map(rows -> {
                    List<Stored> out = new ArrayList<>();
                    for (Row row : rows) {
                        String eventId = eventId(row.getUUID(3), row.getString(4), row.getString(5));
                        String lot = row.getString(7);
                        String text = payload(eventId, row.getString(6),
                                lot == null ? "{\"lotId\":" + Json.encode(row.getString(4)) + "}" : lot, row.getString(8));
                        out.add(new Stored(new Position(row.getLong(0), row.getInteger(1), row.getInteger(2)), eventId,
                                row.getString(5), text));
                    }
                    return out;
                });
    }
}
