package fr.essor.matching;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Stored matches of notices (V4): written whole per notice in one transaction, read per lot. */
public final class MatchStore {
    private final Pool pool;

    public MatchStore(Pool pool) {
        this.pool = pool;
    }

    /** One lot's ranked items, in the notice's lot order. */
    public record StoredLot(String lotId, List<JsonObject> items) {
    }

    /** Marks a notice as being matched (GET answers pending until {@link #save}). */
    public Future<Void> markPending(UUID noticeId, int lots) {
        return pool.preparedQuery("INSERT INTO match_run (notice_id, lots, status) VALUES ($1, $2, 'pending') "
                        + "ON CONFLICT (notice_id) DO UPDATE SET status = 'pending', updated_at = now()")
                .execute(Tuple.of(noticeId, lots)).mapEmpty();
    }

    /** Replaces the notice's matches and marks it done, in one transaction. */
    public Future<Integer> save(UUID noticeId, List<StoredLot> lots) {
        List<Tuple> rows = new ArrayList<>();
        for (int position = 0; position < lots.size(); position++) {
            StoredLot lot = lots.get(position);
            for (int rank = 0; rank < lot.items().size(); rank++) {
                JsonObject item = lot.items().get(rank);
                rows.add(Tuple.of(noticeId, position, lot.lotId(), rank, item.getString("siret"), item.getDouble("score"), item));
            }
        }
        return pool.withTransaction(conn -> conn.preparedQuery("DELETE FROM lot_match WHERE notice_id = $1").execute(Tuple.of(noticeId))
                .compose(v -> rows.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(
                                "INSERT INTO lot_match (notice_id, lot_position, lot_id, rank, siret, score, item) "
                                        + "VALUES ($1, $2, $3, $4, $5, $6, $7)")
                        .executeBatch(rows).mapEmpty())
                .compose(v -> conn.preparedQuery("INSERT INTO match_run (notice_id, lots, status, matches) VALUES ($1, $2, 'done', $3) "
                                + "ON CONFLICT (notice_id) DO UPDATE SET lots = $2, status = 'done', matches = $3, updated_at = now()")
                        .execute(Tuple.of(noticeId, lots.size(), rows.size())))
                .map(v -> rows.size()));
    }

    /**
     * {@code {status, lots: [{lotId, total, items}]}}, page {@code page} (from 0) of each lot's stored ranking; pending
     * (no lots) until the notice's run is done. The ranking is stored once per run, so pages never overlap and total
     * is the same on every page.
     */
    public Future<JsonObject> read(UUID noticeId, String lotId, int page, int size) {
        return read(noticeId, lotId, null, page, size);
    }

    /**
     * The same, restricted to the given SIRETs when not null (a supplier key sees its own matches only): the page is
     * cut from that supplier's own ranking.
     */
    public Future<JsonObject> read(UUID noticeId, String lotId, List<String> sirets, int page, int size) {
        return pool.preparedQuery("SELECT status FROM match_run WHERE notice_id = $1").execute(Tuple.of(noticeId))
                .compose(status -> {
                    if (status.size() == 0 || !"done".equals(status.iterator().next().getString("status"))) {
                        return Future.succeededFuture(new JsonObject().put("status", "pending").put("lots", new JsonArray()));
                    }
                    Future<List<StoredLot>> lots = lots(noticeId, lotId, sirets, page * size, size);
                    Future<Map<String, Long>> totals = totals(noticeId, lotId, sirets);
                    return Future.all(lots, totals).map(v -> {
                        JsonArray out = new JsonArray();
                        lots.result().forEach(l -> out.add(new JsonObject().put("lotId", l.lotId())
                                .put("total", totals.result().getOrDefault(l.lotId(), 0L))
                                .put("items", new JsonArray(new ArrayList<>(l.items())))));
                        return new JsonObject().put("status", "done").put("lots", out);
                    });
                });
    }

    /** Every lot of a notice in its order, each with its items ranked from {@code from}, {@code size} of them (one lot when lotId is given). */
    public Future<List<StoredLot>> lots(UUID noticeId, String lotId, int from, int size) {
        return lots(noticeId, lotId, null, from, size);
    }

    private Future<List<StoredLot>> lots(UUID noticeId, String lotId, List<String> sirets, int from, int size) {
        return pool.preparedQuery("SELECT l.lot_id, m.item FROM notice_lots l LEFT JOIN LATERAL ("
                        + "SELECT x.rank, x.item FROM lot_match x WHERE x.notice_id = l.notice_id AND x.lot_position = l.position"
                        + " AND ($5::text[] IS NULL OR x.siret = ANY($5)) ORDER BY x.rank OFFSET $3 LIMIT $4) m ON true "
                        + "WHERE l.notice_id = $1 AND ($2::text IS NULL OR l.lot_id = $2) ORDER BY l.position, m.rank")
                .execute(Tuple.of(noticeId, lotId, from, size, sirets == null ? null : sirets.toArray(new String[0])))
                .map(rows -> {
                    Map<String, List<JsonObject>> byLot = new LinkedHashMap<>();
                    for (Row row : rows) {
                        List<JsonObject> items = byLot.computeIfAbsent(row.getString("lot_id"), k -> new ArrayList<>());
                        JsonObject item = row.getJsonObject("item");
                        if (item != null) {
                            items.add(item);
                        }
                    }
                    List<StoredLot> out = new ArrayList<>();
                    byLot.forEach((id, items) -> out.add(new StoredLot(id, items)));
                    return out;
                });
    }

    /**
     * How many matches each lot has stored (the caller's own when sirets is given): the same on every page, so a
     * page can tell how many pages there are.
     */
    private Future<Map<String, Long>> totals(UUID noticeId, String lotId, List<String> sirets) {
        return pool.preparedQuery("SELECT l.lot_id, (SELECT count(*) FROM lot_match x WHERE x.notice_id = l.notice_id"
                        + " AND x.lot_position = l.position AND ($3::text[] IS NULL OR x.siret = ANY($3))) AS total"
                        + " FROM notice_lots l WHERE l.notice_id = $1 AND ($2::text IS NULL OR l.lot_id = $2)")
                .execute(Tuple.of(noticeId, lotId, sirets == null ? null : sirets.toArray(new String[0])))
                .map(rows -> {
                    Map<String, Long> out = new LinkedHashMap<>();
                    rows.forEach(r -> out.put(r.getString("lot_id"), r.getLong("total")));
                    return out;
                });
    }

    /** Current notices with no finished run (missed events, a crash mid-run), oldest first. */
    public Future<List<UUID>> unmatched(int limit) {
        return pool.preparedQuery("SELECT n.id FROM notices n LEFT JOIN match_run r ON r.notice_id = n.id "
                        + "WHERE (r.notice_id IS NULL OR r.status = 'pending') AND n.superseded_by IS NULL "
                        + "ORDER BY n.created_at, n.id LIMIT $1")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID("id")));
                    return ids;
                });
    }
}
