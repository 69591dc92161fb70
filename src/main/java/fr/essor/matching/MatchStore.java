package fr.essor.matching;

import fr.essor.db.AsynchronousCommit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Stored matches of notices (V4): claimed, then written whole per notice (several per transaction), read per lot. */
public final class MatchStore {
    private final Pool pool;

    public MatchStore(Pool pool) {
        this.pool = pool;
    }

    /** One item as the matching saves it and as it is read back: its enterprise, its score and the item's JSON text. */
    public record SavedItem(String siret, double score, String json) {
    }

    /** One lot's items as saved, best first; read back in the notice's lot order. */
    public record SavedLot(String lotId, List<SavedItem> items) {
        public SavedLot {
            items = List.copyOf(items);
        }
    }

    /** A notice claimed for matching: its id and its stored document (JSON text, parsed on the worker that matches). */
    public record Claimed(UUID noticeId, String document) {
    }

    /**
     * Claims the given notices for matching, and reads the claimed ones, in one statement: a notice with no run gets a
     * pending one; a pending run whose claim is older than {@code leaseSeconds} (its matcher died) is claimed again;
     * a run done, or pending under a live claim, is not claimed. So a lot is matched once however many sweeps, events
     * or nodes ask for it. GET answers pending until {@link #saveAll}.
     */
    public Future<List<Claimed>> claim(List<UUID> noticeIds, int leaseSeconds) {
        return pool.preparedQuery("WITH c AS (INSERT INTO match_run (notice_id, lots, status) "
                        + "SELECT n.id, coalesce(jsonb_array_length(n.document->'lots'), 0), 'pending' FROM notices n WHERE n.id = ANY($1) "
                        + "ON CONFLICT (notice_id) DO UPDATE SET updated_at = now() WHERE match_run.status = 'pending' "
                        + "AND match_run.updated_at < now() - make_interval(secs => $2) RETURNING notice_id) "
                        + "SELECT n.id, n.document::text FROM notices n JOIN c ON c.notice_id = n.id")
                .execute(Tuple.tuple().addValue(noticeIds.toArray(new UUID[0])).addValue(leaseSeconds))
                .map(rows -> {
                    List<Claimed> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Claimed(r.getUUID(0), r.getString(1))));
                    return out;
                });
    }

    /** Gives claims back (a stop, a failure): the next sweep claims these notices at once, without waiting for the lease. */
    public Future<Void> release(List<UUID> noticeIds) {
        return pool.preparedQuery("UPDATE match_run SET updated_at = '-infinity' WHERE notice_id = ANY($1) AND status = 'pending'")
                .execute(Tuple.tuple().addValue(noticeIds.toArray(new UUID[0]))).mapEmpty();
    }

    /**
     * A notice's matches as the database takes them, one entry per item in parallel lists; the items' JSON written
     * on the worker that matched, not on the event loop.
     */
    public record Encoded(UUID noticeId, int lots, List<Integer> positions, List<String> lotIds, List<Integer> ranks,
                          List<String> sirets, List<Double> scores, List<String> items) {
        public static Encoded of(UUID noticeId, List<SavedLot> lots) {
            List<Integer> positions = new ArrayList<>();
            List<String> lotIds = new ArrayList<>();
            List<Integer> ranks = new ArrayList<>();
            List<String> sirets = new ArrayList<>();
            List<Double> scores = new ArrayList<>();
            List<String> items = new ArrayList<>();
            for (int position = 0; position < lots.size(); position++) {
                SavedLot lot = lots.get(position);
                for (int rank = 0; rank < lot.items().size(); rank++) {
                    SavedItem item = lot.items().get(rank);
                    positions.add(position);
                    lotIds.add(lot.lotId());
                    ranks.add(rank);
                    sirets.add(item.siret());
                    scores.add(item.score());
                    items.add(item.json());
                }
            }
            return new Encoded(noticeId, lots.size(), positions, lotIds, ranks, sirets, scores, items);
        }

        public int matches() {
            return items.size();
        }
    }

    /**
     * Stores several notices' matches in one transaction, one statement per table, and marks their runs done; only the
     * notices whose run is still pending (a run another matcher finished meanwhile is left as it is), whose ids it
     * answers. Committed asynchronously (see {@link AsynchronousCommit}): a save lost in a crash leaves the run
     * pending, and the sweep matches the notice again.
     */
    public Future<Set<UUID>> saveAll(List<Encoded> notices) {
        if (notices.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        UUID[] ids = new UUID[notices.size()];
        Integer[] lots = new Integer[notices.size()];
        Integer[] matches = new Integer[notices.size()];
        for (int i = 0; i < notices.size(); i++) {
            ids[i] = notices.get(i).noticeId();
            lots[i] = notices.get(i).lots();
            matches[i] = notices.get(i).matches();
        }
        // the SET LOCAL goes out with the first statement (one round trip)
        return pool.withTransaction(conn -> Future.all(AsynchronousCommit.in(conn), conn.preparedQuery("WITH d AS (UPDATE match_run SET status = 'done', lots = x.lots, "
                                + "matches = x.matches, updated_at = now() FROM unnest($1::uuid[], $2::int[], $3::int[]) "
                                + "AS x(id, lots, matches) WHERE match_run.notice_id = x.id AND match_run.status = 'pending' "
                                + "RETURNING notice_id), "
                                + "gone AS (DELETE FROM lot_match WHERE notice_id IN (SELECT notice_id FROM d)) "
                                + "SELECT notice_id FROM d")
                        .execute(Tuple.tuple().addValue(ids).addValue(lots).addValue(matches)))
                .map(all -> all.<RowSet<Row>>resultAt(1))
                .compose(rows -> {
                    Set<UUID> ours = new HashSet<>();
                    rows.forEach(r -> ours.add(r.getUUID(0)));
                    List<Encoded> kept = notices.stream().filter(n -> ours.contains(n.noticeId())).toList();
                    if (kept.stream().allMatch(n -> n.matches() == 0)) {
                        return Future.succeededFuture(ours);
                    }
                    List<UUID> noticeIds = new ArrayList<>();
                    List<Integer> positions = new ArrayList<>();
                    List<String> lotIds = new ArrayList<>();
                    List<Integer> ranks = new ArrayList<>();
                    List<String> sirets = new ArrayList<>();
                    List<Double> scores = new ArrayList<>();
                    List<String> items = new ArrayList<>();
                    for (Encoded n : kept) {
                        for (int i = 0; i < n.matches(); i++) {
                            noticeIds.add(n.noticeId());
                        }
                        positions.addAll(n.positions());
                        lotIds.addAll(n.lotIds());
                        ranks.addAll(n.ranks());
                        sirets.addAll(n.sirets());
                        scores.addAll(n.scores());
                        items.addAll(n.items());
                    }
                    return conn.preparedQuery("INSERT INTO lot_match (notice_id, lot_position, lot_id, rank, siret, score, item) "
                                    + "SELECT x.notice_id, x.position, x.lot_id, x.rank, x.siret, x.score, x.item::json FROM "
                                    + "unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::text[], $6::float8[], $7::text[]) "
                                    + "AS x(notice_id, position, lot_id, rank, siret, score, item)")
                            .execute(Tuple.tuple().addValue(noticeIds.toArray(new UUID[0]))
                                    .addValue(positions.toArray(new Integer[0])).addValue(lotIds.toArray(new String[0]))
                                    .addValue(ranks.toArray(new Integer[0])).addValue(sirets.toArray(new String[0]))
                                    .addValue(scores.toArray(new Double[0])).addValue(items.toArray(new String[0])))
                            .map(ours);
                }));
    }

    /**
     * Page {@code page} (from 0) of each lot's stored ranking, restricted to the given SIRETs when not null (a supplier
     * key sees its own matches only: the page is cut from that supplier's own ranking); pending (no lots) until the
     * notice's run is done. The ranking is stored once per run, so pages never overlap and total is the same on every
     * page.
     */
    public Future<StoredPage> read(UUID noticeId, String lotId, List<String> sirets, int page, int size) {
        return pool.preparedQuery("SELECT status FROM match_run WHERE notice_id = $1").execute(Tuple.of(noticeId))
                .compose(status -> {
                    if (status.size() == 0 || !"done".equals(status.iterator().next().getString("status"))) {
                        return Future.succeededFuture(StoredPage.PENDING);
                    }
                    Future<List<SavedLot>> lots = lots(noticeId, lotId, sirets, page * size, size);
                    Future<Map<String, Long>> totals = totals(noticeId, lotId, sirets);
                    return Future.all(lots, totals).map(v -> new StoredPage(true, lots.result(), totals.result()));
                });
    }

    /** A page of a notice's stored ranking as read: its items still the text they were saved as. */
    public record StoredPage(boolean done, List<SavedLot> lots, Map<String, Long> totals) {
        static final StoredPage PENDING = new StoredPage(false, List.of(), Map.of());

        /**
         * {@code {status, lots: [{lotId, total, items}]}}. Parses every item: a worker's job, as a page of a notice with
         * many lots holds up to 100 items of each.
         */
        public JsonObject toJson() {
            JsonArray out = new JsonArray();
            for (SavedLot l : lots) {
                JsonArray items = new JsonArray();
                l.items().forEach(i -> items.add(new JsonObject(i.json())));
                out.add(new JsonObject().put("lotId", l.lotId()).put("total", totals.getOrDefault(l.lotId(), 0L)).put("items", items));
            }
            return new JsonObject().put("status", done ? "done" : "pending").put("lots", out);
        }
    }

    /** Every lot of a notice in its order, each with its items ranked from {@code from}, {@code size} of them (one lot when lotId is given). */
    public Future<List<SavedLot>> lots(UUID noticeId, String lotId, int from, int size) {
        return lots(noticeId, lotId, null, from, size);
    }

    private Future<List<SavedLot>> lots(UUID noticeId, String lotId, List<String> sirets, int from, int size) {
        // the item as text: a page's items are parsed where they are answered, the alerts' read-back streams them as they are
        return pool.preparedQuery("SELECT l.lot_id, m.siret, m.score, m.item::text AS item FROM notice_lots l LEFT JOIN LATERAL ("
                        + "SELECT x.rank, x.siret, x.score, x.item FROM lot_match x WHERE x.notice_id = l.notice_id AND x.lot_position = l.position"
                        + " AND ($5::text[] IS NULL OR x.siret = ANY($5)) ORDER BY x.rank OFFSET $3 LIMIT $4) m ON true "
                        + "WHERE l.notice_id = $1 AND ($2::text IS NULL OR l.lot_id = $2) ORDER BY l.position, m.rank")
                .execute(Tuple.of(noticeId, lotId, from, size, sirets == null ? null : sirets.toArray(new String[0])))
                .map(rows -> {
                    Map<String, List<SavedItem>> byLot = new LinkedHashMap<>();
                    for (Row row : rows) {
                        List<SavedItem> items = byLot.computeIfAbsent(row.getString("lot_id"), k -> new ArrayList<>());
                        String item = row.getString("item");
                        if (item != null) {
                            items.add(new SavedItem(row.getString("siret"), row.getDouble("score"), item));
                        }
                    }
                    List<SavedLot> out = new ArrayList<>();
                    byLot.forEach((id, items) -> out.add(new SavedLot(id, items)));
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

    /** A notice waiting for its matching, and since when (its storing). */
    public record Waiting(UUID noticeId, long sinceMillis) {
    }

    /** Current notices with no finished run (missed events, a crash mid-run, stored while the registry loaded), oldest first. */
    public Future<List<Waiting>> unmatched(int limit) {
        return pool.preparedQuery("SELECT n.id, n.created_at FROM notices n LEFT JOIN match_run r ON r.notice_id = n.id "
                        + "WHERE (r.notice_id IS NULL OR r.status = 'pending') AND n.superseded_by IS NULL "
                        + "ORDER BY n.created_at, n.id LIMIT $1")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<Waiting> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Waiting(r.getUUID(0), r.getOffsetDateTime(1).toInstant().toEpochMilli())));
                    return out;
                });
    }
}
