package fr.essor.notice;

import fr.essor.config.Topics;
import fr.essor.db.DatabaseUnavailable;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.sqlclient.DatabaseException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.logging.Logger;

import static fr.essor.notice.IngestBatch.Text.clean;

/**
 * Stores pushes so that each notice's effects are in ONE transaction with its push: the delivery id (when signed),
 * then each notice whole — row, lots, and its {@code notice.ingested} outbox row — so that an acknowledged push is
 * never half there and never lost. A version already stored is a duplicate (the unique (source, source_id, version)
 * constraint, ON CONFLICT DO NOTHING); a new version supersedes the current one; a change notice supersedes the notice
 * it names. Versions of one notice are serialised by transaction-scoped advisory locks taken in one global order, so
 * concurrent pushes never interleave a version chain; a deadlock or serialisation failure is retried.
 *
 * <p>Group commit (issue 12: fewer round trips per notice): pushes arriving while {@code writers} transactions are
 * under way wait, and the next transaction takes all of them (up to {@code groupNotices} notices) with one statement
 * per table — the locks, the deliveries, the existing versions, then the notices with their lots and outbox rows —
 * instead of a few statements per notice. Notices of one group that touch the same chain go in successive rounds of
 * the same transaction, in arrival order. Each push is answered only after the commit of the transaction that holds
 * it. When a group's transaction fails (a notice PostgreSQL refuses, a deadlock), each of its pushes is stored again
 * in a transaction of its own, so a bad push does not take down the good ones it was grouped with; two pushes of one
 * webhook-id never share a transaction (the second is then a replay).
 */
public final class NoticeStore {
    private static final Logger LOG = Logger.getLogger(NoticeStore.class.getName());
    private static final int ATTEMPTS = 3;

    /** @param writers group transactions under way at once; @param groupNotices notices one group takes at most */
    public record Settings(int writers, int groupNotices) {
        public static final Settings DEFAULTS = new Settings(2, 200);
    }

    private final Pool pool;
    private final EventBus eventBus;
    private final Settings settings;
    private final ArrayDeque<Push> waiting = new ArrayDeque<>();
    private int writing;

    public NoticeStore(Pool pool, EventBus eventBus) {
        this(pool, eventBus, Settings.DEFAULTS);
    }

    public NoticeStore(Pool pool, EventBus eventBus, Settings settings) {
        this.pool = pool;
        this.eventBus = eventBus;
        this.settings = settings;
    }

    /** How many notices the delivery held when it was taken; empty when this feed never sent that webhook-id. */
    public Future<Optional<Integer>> delivered(FeedSignature.Delivery delivery) {
        return pool.preparedQuery("SELECT notices FROM feed_deliveries WHERE feed_id = $1 AND webhook_id = $2")
                .execute(Tuple.of(delivery.feedId(), clean(delivery.webhookId())))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getInteger(0)));
    }

    /** One push waiting for its transaction; answered on the context that asked. */
    private record Push(IngestBatch batch, FeedSignature.Delivery delivery, String from, Promise<IngestResult> answer,
                        Context context) {
        int notices() {
            return batch.ready().size();
        }

        String deliveryKey() {
            return delivery == null ? null : delivery.feedId() + "\n" + clean(delivery.webhookId());
        }

        void complete(io.vertx.core.AsyncResult<IngestResult> ar) {
            if (context == null) {
                answer.handle(ar);
            } else {
                context.runOnContext(v -> answer.handle(ar));
            }
        }
    }

    /**
     * Stores what the batch holds; {@code delivery} is null for an admin's upload or a pulled feed. The answer comes
     * after commit; the outbox relay is woken then.
     */
    public Future<IngestResult> store(IngestBatch batch, FeedSignature.Delivery delivery, String receivedFrom) {
        Promise<IngestResult> answer = Promise.promise();
        Push push = new Push(batch, delivery, receivedFrom, answer, Vertx.currentContext());
        List<Push> group;
        synchronized (waiting) {
            waiting.add(push);
            group = nextGroup();
        }
        if (group != null) {
            write(group);
        }
        return answer.future();
    }

    /** The pushes the next transaction takes, or null when none may start (holding the queue's lock). */
    private List<Push> nextGroup() {
        if (writing >= settings.writers() || waiting.isEmpty()) {
            return null;
        }
        List<Push> group = new ArrayList<>();
        Set<String> deliveries = new HashSet<>();
        int notices = 0;
        for (Iterator<Push> it = waiting.iterator(); it.hasNext(); ) {
            Push p = it.next();
            if (!group.isEmpty() && notices + p.notices() > settings.groupNotices()) {
                break;
            }
            if (p.deliveryKey() != null && !deliveries.add(p.deliveryKey())) {
                continue; // its twin is in this group: it waits, and is then answered as a replay
            }
            it.remove();
            group.add(p);
            notices += p.notices();
        }
        writing++;
        return group;
    }

    private void write(List<Push> group) {
        attempt(group, 1).onComplete(ar -> {
            if (ar.succeeded()) {
                answer(group, ar.result());
            } else if (group.size() > 1 && DatabaseUnavailable.in(ar.cause()) == null) {
                // one of them may be at fault (the database is there): each alone, in its own transaction
                LOG.fine("a group of " + group.size() + " pushes failed (" + ar.cause().getMessage() + "); each alone");
                for (Push p : group) {
                    attempt(List.of(p), 1).onComplete(one -> {
                        if (one.succeeded()) {
                            answer(List.of(p), one.result());
                        } else {
                            p.complete(Future.failedFuture(one.cause()));
                        }
                    });
                }
            } else {
                group.forEach(p -> p.complete(Future.failedFuture(ar.cause())));
            }
            List<Push> next;
            synchronized (waiting) {
                writing--;
                next = nextGroup();
            }
            if (next != null) {
                write(next);
            }
        });
    }

    private void answer(List<Push> group, List<IngestResult> results) {
        boolean stored = false;
        for (int i = 0; i < group.size(); i++) {
            stored |= !results.get(i).notices().isEmpty();
            group.get(i).complete(Future.succeededFuture(results.get(i)));
        }
        if (stored) {
            eventBus.publish(Topics.OUTBOX_PENDING, null, new DeliveryOptions().setLocalOnly(true));
        }
    }

    private Future<List<IngestResult>> attempt(List<Push> group, int n) {
        return pool.withTransaction(conn -> storeIn(conn, group))
                .recover(e -> {
                    if (n < ATTEMPTS && retryable(e)) {
                        LOG.fine("retrying a push after " + e.getMessage());
                        return attempt(group, n + 1);
                    }
                    return Future.failedFuture(e);
                });
    }

    private static boolean retryable(Throwable e) {
        return e instanceof DatabaseException d && ("40P01".equals(d.getSqlState()) || "40001".equals(d.getSqlState()));
    }

    // ------------------------------------------------------------------------------------------------ a group

    /** A notice of the group: which push, which item of it. */
    private record Item(int push, IngestBatch.Ready ready) {
        Notice notice() {
            return ready.notice();
        }
    }

    private Future<List<IngestResult>> storeIn(SqlConnection conn, List<Push> group) {
        List<Item> items = new ArrayList<>();
        for (int p = 0; p < group.size(); p++) {
            for (IngestBatch.Ready r : group.get(p).batch().ready()) {
                items.add(new Item(p, r));
            }
        }
        List<List<Item>> rounds = rounds(items);
        // pipelined: the locks, the deliveries and the first round's look-up go out together (one round trip, not
        // three); PostgreSQL still runs each after the one before, so the look-up sees what the locks waited for
        Future<Void> locked = lock(conn, group);
        Future<Map<Integer, Integer>> remembered = remember(conn, group);
        Future<Map<Integer, List<Existing>>> first = rounds.isEmpty() ? Future.succeededFuture(Map.of())
                : existing(conn, rounds.get(0));
        return Future.all(locked, remembered, first).compose(all -> {
            Map<Integer, Integer> replays = remembered.result();
            List<List<IngestResult.Stored>> stored = new ArrayList<>();
            group.forEach(p -> stored.add(new ArrayList<>()));
            int[] duplicates = new int[group.size()];
            Future<Void> chain = Future.succeededFuture();
            for (int r = 0; r < rounds.size(); r++) {
                List<Item> round = rounds.get(r);
                boolean firstRound = r == 0;
                chain = chain.compose(v -> (firstRound ? first : existing(conn, round))
                        .compose(existing -> storeRound(conn, round, existing, replays.keySet(), group, stored, duplicates)));
            }
            return chain.map(v -> {
                List<IngestResult> results = new ArrayList<>();
                for (int p = 0; p < group.size(); p++) {
                    IngestBatch b = group.get(p).batch();
                    results.add(replays.containsKey(p) ? IngestResult.replay(replays.get(p))
                            : new IngestResult(stored.get(p), duplicates[p], b.rejected(), b.skipped()));
                }
                return results;
            });
        });
    }

    /**
     * Rounds of notices touching distinct chains, in arrival order: a notice comes in the round after the last one
     * holding a notice of a chain it touches (a later version in the same group sees the earlier one stored).
     */
    private static List<List<Item>> rounds(List<Item> items) {
        List<List<Item>> rounds = new ArrayList<>();
        Map<Long, Integer> lastRound = new HashMap<>();
        for (Item item : items) {
            Set<Long> keys = keys(item.notice());
            int round = 0;
            for (Long k : keys) {
                round = Math.max(round, lastRound.getOrDefault(k, -1) + 1);
            }
            for (Long k : keys) {
                lastRound.put(k, round);
            }
            while (rounds.size() <= round) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(item);
        }
        return rounds;
    }

    /**
     * Records the group's deliveries in one statement; the pushes whose webhook-id that feed already sent (a replay,
     * or a concurrent twin that committed first: the insert waits for it) by position, with what they held.
     */
    private static Future<Map<Integer, Integer>> remember(SqlConnection conn, List<Push> group) {
        List<String> feeds = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (Push p : group) {
            if (p.delivery() != null) {
                feeds.add(p.delivery().feedId());
                ids.add(clean(p.delivery().webhookId()));
                counts.add(p.notices());
            }
        }
        if (feeds.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return conn.preparedQuery("INSERT INTO feed_deliveries (feed_id, webhook_id, notices) "
                        + "SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) ON CONFLICT DO NOTHING "
                        + "RETURNING feed_id, webhook_id")
                .execute(Tuple.tuple().addValue(feeds.toArray(new String[0])).addValue(ids.toArray(new String[0]))
                        .addValue(counts.toArray(new Integer[0])))
                .compose(rows -> {
                    if (rows.rowCount() == feeds.size()) {
                        return Future.succeededFuture(Map.<Integer, Integer>of());
                    }
                    Set<String> taken = new HashSet<>();
                    rows.forEach(r -> taken.add(r.getString(0) + "\n" + r.getString(1)));
                    List<Integer> replayed = new ArrayList<>();
                    for (int p = 0; p < group.size(); p++) {
                        if (group.get(p).deliveryKey() != null && !taken.contains(group.get(p).deliveryKey())) {
                            replayed.add(p);
                        }
                    }
                    return conn.preparedQuery("SELECT feed_id, webhook_id, notices FROM feed_deliveries "
                                    + "WHERE (feed_id, webhook_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))")
                            .execute(Tuple.tuple()
                                    .addValue(replayed.stream().map(p -> group.get(p).delivery().feedId()).toArray(String[]::new))
                                    .addValue(replayed.stream().map(p -> clean(group.get(p).delivery().webhookId()))
                                            .toArray(String[]::new)))
                            .map(found -> {
                                Map<String, Integer> held = new HashMap<>();
                                found.forEach(r -> held.put(r.getString(0) + "\n" + r.getString(1), r.getInteger(2)));
                                Map<Integer, Integer> out = new HashMap<>();
                                replayed.forEach(p -> out.put(p, held.getOrDefault(group.get(p).deliveryKey(), 0)));
                                return out;
                            });
                });
    }

    // ------------------------------------------------------------------------------------------------ locks

    /** Locks every notice chain the group touches (its own, and the notice a change notice names), in key order. */
    private static Future<Void> lock(SqlConnection conn, List<Push> group) {
        TreeSet<Long> keys = new TreeSet<>();
        for (Push p : group) {
            for (IngestBatch.Ready r : p.batch().ready()) {
                keys.addAll(keys(r.notice()));
            }
        }
        if (keys.isEmpty()) {
            return Future.succeededFuture();
        }
        return conn.preparedQuery("SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS k")
                .execute(Tuple.tuple().addValue(keys.toArray(new Long[0])))
                .mapEmpty();
    }

    /** The chains a notice touches: its own, and (a change notice) the one it names, with and without version. */
    private static Set<Long> keys(Notice n) {
        Set<Long> keys = new HashSet<>();
        keys.add(lockKey(n.source(), n.sourceId()));
        if (n.supersedes() != null) {
            keys.add(lockKey(n.source(), n.supersedes()));
            keys.add(lockKey(n.source(), withoutVersion(n.supersedes())));
        }
        return keys;
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

    // ------------------------------------------------------------------------------------------------ a round

    /** A stored version of the same notice, or (waiting) a change notice that names this one by its source id. */
    private record Existing(UUID id, String version, OffsetDateTime publishedAt, UUID supersededBy, boolean waiting) {
    }

    /** A notice of the round to insert: its new id, what it supersedes and replaces, the change notices it adopts. */
    private record Planned(Item item, UUID id, String supersedes, UUID supersededBy, List<UUID> replaced,
                           List<UUID> waiting) {
    }

    /**
     * Stores a round's notices (distinct chains) from what the look-up found: one insert, one update of each kind. The
     * notices of a replayed push are left out (its twin stored them).
     */
    private static Future<Void> storeRound(SqlConnection conn, List<Item> round, Map<Integer, List<Existing>> existing,
                                           Set<Integer> replayed, List<Push> group,
                                           List<List<IngestResult.Stored>> stored, int[] duplicates) {
        List<Planned> planned = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < round.size(); i++) {
            Item item = round.get(i);
            if (replayed.contains(item.push())) {
                continue;
            }
            List<Existing> rows = existing.getOrDefault(i, List.of());
            String version = clean(item.notice().version());
            if (rows.stream().anyMatch(e -> !e.waiting() && Objects.equals(e.version(), version))) {
                duplicates[item.push()]++; // this version is stored already
                continue;
            }
            chain = chain.compose(v -> plan(conn, item, rows)).map(p -> {
                planned.add(p);
                return null;
            });
        }
        return chain.compose(v -> insert(conn, planned, group)).compose(inserted -> {
            List<Planned> kept = new ArrayList<>();
            for (Planned p : planned) {
                if (inserted.contains(p.id())) {
                    kept.add(p);
                    stored.get(p.item().push()).add(new IngestResult.Stored(p.item().ready().index(), p.id(),
                            p.item().notice().lots().size()));
                } else {
                    duplicates[p.item().push()]++; // a twin committed it first
                }
            }
            return markReplaced(conn, kept).compose(v -> adopt(conn, kept));
        });
    }

    /** The existing versions and waiting change notices of each notice of the round, by its position in the round. */
    private static Future<Map<Integer, List<Existing>>> existing(SqlConnection conn, List<Item> round) {
        String[] sources = new String[round.size()];
        String[] sourceIds = new String[round.size()];
        String[] withVersions = new String[round.size()];
        for (int i = 0; i < round.size(); i++) {
            Notice n = round.get(i).notice();
            String sourceId = clean(n.sourceId());
            String version = clean(n.version());
            sources[i] = n.source();
            sourceIds[i] = sourceId;
            withVersions[i] = version == null ? sourceId : sourceId + "-" + version;
        }
        return conn.preparedQuery("WITH q AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY "
                        + "AS q(source, source_id, with_version, k)) "
                        + "SELECT q.k, n.id, n.version, n.published_at, n.superseded_by, false FROM q "
                        + "JOIN notices n ON n.source = q.source AND n.source_id = q.source_id "
                        + "UNION ALL SELECT q.k, n.id, n.version, n.published_at, n.superseded_by, true FROM q "
                        + "JOIN notices n ON n.source = q.source AND n.supersedes IN (q.source_id, q.with_version)")
                .execute(Tuple.tuple().addValue(sources).addValue(sourceIds).addValue(withVersions))
                .map(rows -> {
                    Map<Integer, List<Existing>> out = new HashMap<>();
                    for (Row r : rows) {
                        out.computeIfAbsent((int) (r.getLong(0) - 1), k -> new ArrayList<>()).add(new Existing(
                                r.getUUID(1), r.getString(2), r.getOffsetDateTime(3), r.getUUID(4), r.getBoolean(5)));
                    }
                    return out;
                });
    }

    /** Where a new version goes in its chain, from the versions stored (and, for a change notice, the notice it names). */
    private static Future<Planned> plan(SqlConnection conn, Item item, List<Existing> existing) {
        Notice n = item.notice();
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
        List<UUID> waitingIds = waiting.stream().map(Existing::id).toList();
        return supersedes.map(target -> new Planned(item, id, target, finalSupersededBy, replaced, waitingIds));
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
     * The round's notices, their lots and their outbox rows in one statement (one round trip): each table's rows come
     * as parallel arrays, and neither lots nor outbox row is written for a notice that turns out to be a duplicate.
     * The ids inserted.
     */
    private static Future<Set<UUID>> insert(SqlConnection conn, List<Planned> planned, List<Push> group) {
        if (planned.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        int size = planned.size();
        UUID[] ids = new UUID[size];
        String[] sources = new String[size];
        String[] sourceIds = new String[size];
        String[] versions = new String[size];
        String[] documents = new String[size];
        String[] supersedes = new String[size];
        UUID[] supersededBy = new UUID[size];
        String[] buyers = new String[size];
        OffsetDateTime[] published = new OffsetDateTime[size];
        OffsetDateTime[] noticeDeadlines = new OffsetDateTime[size];
        String[] from = new String[size];
        String[] searchTitles = new String[size];
        String[] searchBodies = new String[size];
        String[] cpvPrefixes = new String[size];
        String[] noticeReservations = new String[size];
        String[] noticeDepartments = new String[size];
        List<UUID> lotNotice = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<String> lotIds = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        List<String> mainCpv = new ArrayList<>();
        List<String> cpv = new ArrayList<>();
        List<String> reservations = new ArrayList<>();
        List<String> departments = new ArrayList<>();
        List<Double> lat = new ArrayList<>();
        List<Double> lon = new ArrayList<>();
        List<OffsetDateTime> deadlines = new ArrayList<>();
        for (int k = 0; k < size; k++) {
            Planned p = planned.get(k);
            IngestBatch.Ready ready = p.item().ready();
            Notice n = ready.notice();
            NoticeSearchFields f = ready.fields();
            ids[k] = p.id();
            sources[k] = n.source();
            sourceIds[k] = clean(n.sourceId());
            versions[k] = clean(n.version());
            documents[k] = ready.document();
            supersedes[k] = p.supersedes();
            supersededBy[k] = p.supersededBy();
            buyers[k] = n.buyer() == null ? null : clean(n.buyer().name());
            published[k] = n.publishedAt();
            noticeDeadlines[k] = f.deadline();
            from[k] = clean(group.get(p.item().push()).from());
            searchTitles[k] = clean(f.title());
            searchBodies[k] = clean(f.body());
            // codes, tokens and department codes hold no comma: joined here, split in SQL (arrays of arrays are not)
            cpvPrefixes[k] = String.join(",", f.cpvPrefixes());
            noticeReservations[k] = String.join(",", f.reservations());
            noticeDepartments[k] = String.join(",", f.departments());
            List<Notice.Lot> lots = n.lots();
            for (int i = 0; i < lots.size(); i++) {
                Notice.Lot lot = lots.get(i);
                Notice.Place place = lot.place();
                lotNotice.add(p.id());
                positions.add(i);
                lotIds.add(lot.lotId() == null ? String.format("LOT-%04d", i) : clean(lot.lotId()));
                titles.add(clean(lot.title()));
                mainCpv.add(clean(lot.mainCpv()));
                cpv.add(String.join(",", NoticeSearchFields.cpvCodes(lot)));
                reservations.add((lot.reservation() == null ? Reservation.NONE : lot.reservation()).token());
                departments.add(ready.lotDepartments().get(i));
                lat.add(place == null ? null : place.lat());
                lon.add(place == null ? null : place.lon());
                deadlines.add(lot.deadline());
            }
        }
        Tuple t = Tuple.tuple()
                .addValue(ids).addValue(sources).addValue(sourceIds).addValue(versions).addValue(documents)
                .addValue(supersedes).addValue(supersededBy).addValue(buyers).addValue(published).addValue(noticeDeadlines)
                .addValue(from).addValue(searchTitles).addValue(searchBodies).addValue(cpvPrefixes)
                .addValue(noticeReservations).addValue(noticeDepartments)
                .addValue(lotNotice.toArray(new UUID[0])).addValue(positions.toArray(new Integer[0]))
                .addValue(lotIds.toArray(new String[0])).addValue(titles.toArray(new String[0]))
                .addValue(mainCpv.toArray(new String[0])).addValue(cpv.toArray(new String[0]))
                .addValue(reservations.toArray(new String[0])).addValue(departments.toArray(new String[0]))
                .addValue(lat.toArray(new Double[0])).addValue(lon.toArray(new Double[0]))
                .addValue(deadlines.toArray(new OffsetDateTime[0]))
                .addValue(Topics.NOTICE_INGESTED);
        return conn.preparedQuery("WITH n AS (INSERT INTO notices (id, source, source_id, version, document, supersedes, "
                        + "superseded_by, buyer, published_at, deadline, received_from, search, cpv_prefixes, reservations, "
                        + "departments) SELECT x.id, x.source, x.source_id, x.version, "
                        + "x.document::jsonb || jsonb_build_object('id', x.id::text, 'supersedes', x.supersedes), "
                        + "x.supersedes, x.superseded_by, x.buyer, x.published_at, x.deadline, x.received_from, "
                        + "setweight(to_tsvector('french', x.title), 'A') || setweight(to_tsvector('french', x.body), 'B'), "
                        + "string_to_array(x.cpv_prefixes, ','), string_to_array(x.reservations, ','), "
                        + "string_to_array(x.departments, ',') "
                        + "FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[], "
                        + "$8::text[], $9::timestamptz[], $10::timestamptz[], $11::text[], $12::text[], $13::text[], "
                        + "$14::text[], $15::text[], $16::text[]) WITH ORDINALITY AS x(id, source, source_id, version, "
                        + "document, supersedes, superseded_by, buyer, published_at, deadline, received_from, title, body, "
                        + "cpv_prefixes, reservations, departments, k) ORDER BY x.k "
                        + "ON CONFLICT ON CONSTRAINT notices_version_unique DO NOTHING RETURNING id), "
                        + "l AS (INSERT INTO notice_lots (notice_id, position, lot_id, title, main_cpv, cpv, reservation, "
                        + "department, lat, lon, deadline) SELECT y.notice_id, y.position, y.lot_id, y.title, y.main_cpv, "
                        + "string_to_array(y.cpv, ','), y.reservation, y.department, y.lat, y.lon, y.deadline FROM "
                        + "unnest($17::uuid[], $18::int[], $19::text[], $20::text[], $21::text[], $22::text[], $23::text[], "
                        + "$24::text[], $25::float8[], $26::float8[], $27::timestamptz[]) AS y(notice_id, position, lot_id, "
                        + "title, main_cpv, cpv, reservation, department, lat, lon, deadline) JOIN n ON n.id = y.notice_id), "
                        + "o AS (INSERT INTO outbox (topic, payload) SELECT $28, jsonb_build_object('id', x.id) "
                        + "FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, k) JOIN n ON n.id = x.id ORDER BY x.k) "
                        + "SELECT id FROM n")
                .execute(t)
                .map(rows -> {
                    Set<UUID> inserted = new HashSet<>();
                    rows.forEach(r -> inserted.add(r.getUUID(0)));
                    return inserted;
                });
    }

    /** The versions the round's new notices replace, in one statement. */
    private static Future<Void> markReplaced(SqlConnection conn, List<Planned> kept) {
        List<UUID> old = new ArrayList<>();
        List<UUID> by = new ArrayList<>();
        for (Planned p : kept) {
            for (UUID r : p.replaced()) {
                old.add(r);
                by.add(p.id());
            }
        }
        if (old.isEmpty()) {
            return Future.succeededFuture();
        }
        return conn.preparedQuery("UPDATE notices SET superseded_by = x.by FROM unnest($1::uuid[], $2::uuid[]) AS x(old, by) "
                        + "WHERE notices.id = x.old AND notices.superseded_by IS NULL")
                .execute(Tuple.tuple().addValue(old.toArray(new UUID[0])).addValue(by.toArray(new UUID[0])))
                .mapEmpty();
    }

    /** The change notices that were waiting for the round's notices now name them by essor's id, in one statement. */
    private static Future<Void> adopt(SqlConnection conn, List<Planned> kept) {
        List<UUID> waiting = new ArrayList<>();
        List<String> named = new ArrayList<>();
        for (Planned p : kept) {
            for (UUID w : p.waiting()) {
                waiting.add(w);
                named.add(p.id().toString());
            }
        }
        if (waiting.isEmpty()) {
            return Future.succeededFuture();
        }
        return conn.preparedQuery("UPDATE notices SET supersedes = x.named, document = jsonb_set(document, '{supersedes}', "
                        + "to_jsonb(x.named)) FROM unnest($1::uuid[], $2::text[]) AS x(waiting, named) "
                        + "WHERE notices.id = x.waiting")
                .execute(Tuple.tuple().addValue(waiting.toArray(new UUID[0])).addValue(named.toArray(new String[0])))
                .mapEmpty();
    }
}
