package fr.essor.notice;

import fr.essor.config.Topics;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.logging.Logger;

import static fr.essor.notice.IngestBatch.Text.clean;

/**
 * Stores a push in ONE transaction: its delivery id (when signed), then each notice whole — row, lots, and its
 * {@code notice.ingested} outbox row — so that an acknowledged push is never half there and never lost. A version
 * already stored is a duplicate (the unique (source, source_id, version) constraint, ON CONFLICT DO NOTHING); a new
 * version supersedes the current one; a change notice supersedes the notice it names. Versions of one notice are
 * serialised by transaction-scoped advisory locks taken in one global order, so concurrent pushes never interleave
 * a version chain; a deadlock or serialisation failure is retried.
 */
public final class NoticeStore {
    private static final Logger LOG = Logger.getLogger(NoticeStore.class.getName());
    private static final int ATTEMPTS = 3;

    private final Pool pool;
    private final EventBus eventBus;

    public NoticeStore(Pool pool, EventBus eventBus) {
        this.pool = pool;
        this.eventBus = eventBus;
    }

    /** How many notices the delivery held when it was taken; empty when this feed never sent that webhook-id. */
    public Future<Optional<Integer>> delivered(FeedSignature.Delivery delivery) {
        return pool.preparedQuery("SELECT notices FROM feed_deliveries WHERE feed_id = $1 AND webhook_id = $2")
                .execute(Tuple.of(delivery.feedId(), clean(delivery.webhookId())))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getInteger(0)));
    }

    /**
     * Stores what the batch holds; {@code delivery} is null for an admin's upload or a pulled feed. The answer comes
     * after commit; the outbox relay is woken then.
     */
    public Future<IngestResult> store(IngestBatch batch, FeedSignature.Delivery delivery, String receivedFrom) {
        return attempt(batch, delivery, receivedFrom, 1).onSuccess(result -> {
            if (!result.notices().isEmpty()) {
                eventBus.publish(Topics.OUTBOX_PENDING, null, new DeliveryOptions().setLocalOnly(true));
            }
        });
    }

    private Future<IngestResult> attempt(IngestBatch batch, FeedSignature.Delivery delivery, String from, int n) {
        return pool.withTransaction(conn -> storeIn(conn, batch, delivery, from))
                .recover(e -> {
                    if (n < ATTEMPTS && retryable(e)) {
                        LOG.fine("retrying a push after " + e.getMessage());
                        return attempt(batch, delivery, from, n + 1);
                    }
                    return Future.failedFuture(e);
                });
    }

    private static boolean retryable(Throwable e) {
        return e instanceof DatabaseException d && ("40P01".equals(d.getSqlState()) || "40001".equals(d.getSqlState()));
    }

    private Future<IngestResult> storeIn(SqlConnection conn, IngestBatch batch, FeedSignature.Delivery delivery,
                                         String from) {
        Future<Optional<Integer>> seen = delivery == null ? Future.succeededFuture(Optional.empty())
                : remember(conn, delivery, batch.ready().size());
        return seen.compose(previous -> {
            if (previous.isPresent()) {
                return Future.succeededFuture(IngestResult.replay(previous.get()));
            }
            List<IngestResult.Stored> stored = new ArrayList<>();
            int[] duplicates = {0};
            Future<Void> chain = lock(conn, batch);
            for (IngestBatch.Ready ready : batch.ready()) {
                chain = chain.compose(v -> storeOne(conn, ready, from)).map(s -> {
                    if (s.isPresent()) {
                        stored.add(s.get());
                    } else {
                        duplicates[0]++;
                    }
                    return null;
                });
            }
            return chain.map(v -> new IngestResult(stored, duplicates[0], batch.rejected(), batch.skipped()));
        });
    }

    /** Records the delivery; when that feed already sent it, what it held. Waits for a concurrent twin's outcome. */
    private static Future<Optional<Integer>> remember(SqlConnection conn, FeedSignature.Delivery d, int notices) {
        return conn.preparedQuery("INSERT INTO feed_deliveries (feed_id, webhook_id, notices) VALUES ($1, $2, $3) "
                        + "ON CONFLICT DO NOTHING RETURNING notices")
                .execute(Tuple.of(d.feedId(), clean(d.webhookId()), notices))
                .compose(rows -> rows.rowCount() == 1 ? Future.succeededFuture(Optional.<Integer>empty())
                        : conn.preparedQuery("SELECT notices FROM feed_deliveries WHERE feed_id = $1 AND webhook_id = $2")
                        .execute(Tuple.of(d.feedId(), clean(d.webhookId())))
                        .map(r -> Optional.of(r.size() == 0 ? 0 : r.iterator().next().getInteger(0))));
    }

    // ------------------------------------------------------------------------------------------------ locks

    /** Locks every notice chain the batch touches (its own, and the notice a change notice names), in key order. */
    private static Future<Void> lock(SqlConnection conn, IngestBatch batch) {
        TreeSet<Long> keys = new TreeSet<>();
        for (IngestBatch.Ready r : batch.ready()) {
            Notice n = r.notice();
            keys.add(lockKey(n.source(), n.sourceId()));
            if (n.supersedes() != null) {
                keys.add(lockKey(n.source(), n.supersedes()));
                keys.add(lockKey(n.source(), withoutVersion(n.supersedes())));
            }
        }
        if (keys.isEmpty()) {
            return Future.succeededFuture();
        }
        return conn.preparedQuery("SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS k")
                .execute(Tuple.tuple().addValue(keys.toArray(new Long[0])))
                .mapEmpty();
    }

    static long lockKey(String source, String sourceId) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((source + "\n" + clean(sourceId)).getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < 8; i++) {
                key = (key << 8) | (h[i] & 0xff);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An eForms BT-758 reference is the changed notice's id and version ("{uuid}-01"): the id alone. */
    static String withoutVersion(String reference) {
        return reference.replaceFirst("-\\d{1,4}$", "");
    }

    // ------------------------------------------------------------------------------------------------ one notice

    /** A stored version of the same notice, or (waiting) a change notice that names this one by its source id. */
    private record Existing(UUID id, String version, OffsetDateTime publishedAt, UUID supersededBy, boolean waiting) {
    }

    private static Future<Optional<IngestResult.Stored>> storeOne(SqlConnection conn, IngestBatch.Ready ready, String from) {
        Notice n = ready.notice();
        String sourceId = clean(n.sourceId());
        String version = clean(n.version());
        String withVersion = version == null ? sourceId : sourceId + "-" + version;
        return conn.preparedQuery("SELECT id, version, published_at, superseded_by, false FROM notices "
                        + "WHERE source = $1 AND source_id = $2 "
                        + "UNION ALL SELECT id, version, published_at, superseded_by, true FROM notices "
                        + "WHERE source = $1 AND supersedes IN ($2, $3)")
                .execute(Tuple.of(n.source(), sourceId, withVersion))
                .compose(rows -> {
                    List<Existing> existing = new ArrayList<>();
                    for (Row r : rows) {
                        existing.add(new Existing(r.getUUID(0), r.getString(1), r.getOffsetDateTime(2), r.getUUID(3),
                                r.getBoolean(4)));
                    }
                    if (existing.stream().anyMatch(e -> !e.waiting() && Objects.equals(e.version(), version))) {
                        return Future.succeededFuture(Optional.empty()); // this version is stored already
                    }
                    return insertVersion(conn, ready, from, existing);
                });
    }

    private static Future<Optional<IngestResult.Stored>> insertVersion(SqlConnection conn, IngestBatch.Ready ready,
                                                                       String from, List<Existing> existing) {
        Notice n = ready.notice();
        UUID id = UUID.randomUUID();
        List<UUID> replaced = new ArrayList<>();
        List<Existing> waiting = new ArrayList<>();
        Existing newest = null; // the current version this one replaces
        UUID supersededBy = null; // the current version that replaces this one
        for (Existing e : existing) {
            if (e.waiting()) {
                waiting.add(e);
            } else if (e.supersededBy() != null) {
                continue;
            } else if (VersionOrder.replaces(n.publishedAt(), n.version(), e.publishedAt(), e.version())) {
                replaced.add(e.id());
                newest = e;
            } else {
                supersededBy = e.id(); // arrived late: an older version, stored as already replaced
            }
        }
        if (supersededBy == null && !waiting.isEmpty()) {
            // change notices met before the notice they change: the latest of them replaces it
            supersededBy = latest(waiting);
        }
        Future<String> supersedes;
        if (newest != null) {
            supersedes = Future.succeededFuture(newest.id().toString());
        } else if (n.supersedes() != null && supersededBy == null) {
            supersedes = changedNotice(conn, n, replaced);
        } else {
            supersedes = Future.succeededFuture(n.supersedes() == null ? null : clean(n.supersedes()));
        }
        UUID finalSupersededBy = supersededBy;
        return supersedes.compose(target -> insert(conn, ready, id, target, finalSupersededBy, from))
                .compose(inserted -> {
                    if (!inserted) {
                        return Future.succeededFuture(Optional.empty());
                    }
                    return markReplaced(conn, id, replaced)
                            .compose(v -> adopt(conn, id, waiting))
                            .map(v -> Optional.of(new IngestResult.Stored(ready.index(), id, n.lots().size())));
                });
    }

    private static UUID latest(List<Existing> rows) {
        Existing latest = null;
        for (Existing e : rows) {
            if (latest == null || (e.publishedAt() != null
                    && (latest.publishedAt() == null || e.publishedAt().isAfter(latest.publishedAt())))) {
                latest = e;
            }
        }
        return latest == null ? null : latest.id();
    }

    /**
     * A change notice: essor's id of the notice it names (by source id, or source id and version as eForms BT-758
     * writes it) when stored, which it then replaces; else the reference as given.
     */
    private static Future<String> changedNotice(SqlConnection conn, Notice n, List<UUID> replaced) {
        String reference = clean(n.supersedes());
        return conn.preparedQuery("SELECT id, superseded_by FROM notices WHERE source = $1 AND source_id IN ($2, $3) "
                        + "ORDER BY (source_id || '-' || coalesce(version, '') = $2) DESC, (superseded_by IS NULL) DESC, "
                        + "published_at DESC NULLS LAST, created_at DESC LIMIT 1")
                .execute(Tuple.of(n.source(), reference, withoutVersion(reference)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return reference;
                    }
                    Row r = rows.iterator().next();
                    if (r.getUUID(1) == null) {
                        replaced.add(r.getUUID(0));
                    }
                    return r.getUUID(0).toString();
                });
    }

    /**
     * The notice, its lots and its outbox row in one statement (one round trip): the lots come as parallel arrays,
     * and neither lots nor outbox row is written when the notice turns out to be a duplicate.
     */
    private static Future<Boolean> insert(SqlConnection conn, IngestBatch.Ready ready, UUID id, String supersedes,
                                          UUID supersededBy, String from) {
        Notice n = ready.notice();
        NoticeSearchFields f = ready.fields();
        JsonObject document = ready.document().copy().put("id", id.toString()).put("supersedes", supersedes);
        List<Notice.Lot> lots = n.lots();
        int size = lots.size();
        Integer[] positions = new Integer[size];
        String[] lotIds = new String[size];
        String[] titles = new String[size];
        String[] mainCpv = new String[size];
        String[] cpv = new String[size];
        String[] reservations = new String[size];
        String[] departments = new String[size];
        Double[] lat = new Double[size];
        Double[] lon = new Double[size];
        OffsetDateTime[] deadlines = new OffsetDateTime[size];
        for (int i = 0; i < size; i++) {
            Notice.Lot lot = lots.get(i);
            Notice.Place place = lot.place();
            positions[i] = i;
            lotIds[i] = lot.lotId() == null ? String.format("LOT-%04d", i) : clean(lot.lotId());
            titles[i] = clean(lot.title());
            mainCpv[i] = clean(lot.mainCpv());
            cpv[i] = String.join(",", NoticeSearchFields.cpvCodes(lot));
            reservations[i] = (lot.reservation() == null ? Reservation.NONE : lot.reservation()).token();
            departments[i] = ready.lotDepartments().get(i);
            lat[i] = place == null ? null : place.lat();
            lon[i] = place == null ? null : place.lon();
            deadlines[i] = lot.deadline();
        }
        Tuple t = Tuple.tuple()
                .addValue(id)
                .addValue(n.source())
                .addValue(clean(n.sourceId()))
                .addValue(clean(n.version()))
                .addValue(document)
                .addValue(supersedes)
                .addValue(supersededBy)
                .addValue(n.buyer() == null ? null : clean(n.buyer().name()))
                .addValue(n.publishedAt())
                .addValue(f.deadline())
                .addValue(clean(from))
                .addValue(clean(f.title()))
                .addValue(clean(f.body()))
                .addValue(f.cpvPrefixes().toArray(new String[0]))
                .addValue(f.reservations().toArray(new String[0]))
                .addValue(f.departments().toArray(new String[0]))
                .addValue(positions).addValue(lotIds).addValue(titles).addValue(mainCpv).addValue(cpv)
                .addValue(reservations).addValue(departments).addValue(lat).addValue(lon).addValue(deadlines)
                .addValue(Topics.NOTICE_INGESTED);
        return conn.preparedQuery("WITH n AS (INSERT INTO notices (id, source, source_id, version, document, supersedes, "
                        + "superseded_by, buyer, published_at, deadline, received_from, search, cpv_prefixes, reservations, "
                        + "departments) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
                        + "setweight(to_tsvector('french', $12), 'A') || setweight(to_tsvector('french', $13), 'B'), "
                        + "$14, $15, $16) ON CONFLICT ON CONSTRAINT notices_version_unique DO NOTHING RETURNING id), "
                        + "l AS (INSERT INTO notice_lots (notice_id, position, lot_id, title, main_cpv, cpv, reservation, "
                        + "department, lat, lon, deadline) SELECT n.id, x.position, x.lot_id, x.title, x.main_cpv, "
                        + "string_to_array(x.cpv, ','), x.reservation, x.department, x.lat, x.lon, x.deadline FROM n, "
                        + "unnest($17::int[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[], $23::text[], "
                        + "$24::float8[], $25::float8[], $26::timestamptz[]) AS x(position, lot_id, title, main_cpv, cpv, "
                        + "reservation, department, lat, lon, deadline)), "
                        + "o AS (INSERT INTO outbox (topic, payload) SELECT $27, jsonb_build_object('id', n.id) FROM n) "
                        + "SELECT id FROM n")
                .execute(t)
                .map(rows -> rows.rowCount() == 1);
    }

    private static Future<Void> markReplaced(SqlConnection conn, UUID id, List<UUID> replaced) {
        if (replaced.isEmpty()) {
            return Future.succeededFuture();
        }
        return conn.preparedQuery("UPDATE notices SET superseded_by = $1 WHERE id = ANY($2) AND superseded_by IS NULL")
                .execute(Tuple.tuple().addValue(id).addValue(replaced.toArray(new UUID[0])))
                .mapEmpty();
    }

    /** The change notices that were waiting for this notice now name it by essor's id. */
    private static Future<Void> adopt(SqlConnection conn, UUID id, List<Existing> waiting) {
        if (waiting.isEmpty()) {
            return Future.succeededFuture();
        }
        UUID[] ids = waiting.stream().map(Existing::id).toArray(UUID[]::new);
        return conn.preparedQuery("UPDATE notices SET supersedes = $1, document = jsonb_set(document, '{supersedes}', "
                        + "to_jsonb($1::text)) WHERE id = ANY($2)")
                .execute(Tuple.tuple().addValue(id.toString()).addValue(ids))
                .mapEmpty();
    }
}
