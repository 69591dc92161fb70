package fr.essor.registry;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The registry in PostgreSQL (vertx-pg-client): one row per SIRET with the record as the API shows it, and a change
 * number per write so that an index can follow. Writers serialise on one advisory lock, taken before any change
 * number, so numbers become visible in order: a reader that has seen every change up to N has missed none below N.
 */
public final class EnterpriseStore {
    /** pg_advisory_xact_lock key of registry writes ("essor" in ASCII). */
    static final long REGISTRY_LOCK = 0x6573736f72L;
    /** pg_advisory_lock key held while a node decides on and loads the seed ("seed" in ASCII): nodes of a cluster seed once. */
    static final long SEED_LOCK = 0x73656564L;
    private static final long SEED_LOCK_RETRY_MILLIS = 250;

    /**
     * A whole batch in one statement: each column an array (one bind, one plan, one execution, instead of one per
     * record), the document as text made on a worker. Categories as a comma-separated list: unnest takes no ragged
     * arrays.
     */
    private static final String UPSERT = """
            INSERT INTO enterprise (siret, name, categories, naf, department, region, commune, latitude, longitude, doc, seq)
            SELECT siret, name, string_to_array(categories, ','), naf, department, region, commune, latitude, longitude,
                   doc::jsonb, nextval('enterprise_change_seq')
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                        $8::float8[], $9::float8[], $10::text[])
                 AS t(siret, name, categories, naf, department, region, commune, latitude, longitude, doc)
            ON CONFLICT (siret) DO UPDATE SET name = EXCLUDED.name, categories = EXCLUDED.categories, naf = EXCLUDED.naf,
                department = EXCLUDED.department, region = EXCLUDED.region, commune = EXCLUDED.commune,
                latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude, doc = EXCLUDED.doc, seq = EXCLUDED.seq,
                updated_at = now()
            RETURNING seq""";
    /**
     * Each half ordered and cut on its own (an index scan on its seq index, stopping at the limit): over the plain
     * union the prepared statement's generic plan sorted every change after $1, page after page, so a rebuild of a
     * million rows went quadratic. The document as text: decoded by the caller on a worker, not on the event loop.
     */
    private static final String CHANGES = """
            (SELECT siret, doc::text, seq FROM enterprise WHERE seq > $1 ORDER BY seq LIMIT $2)
            UNION ALL
            (SELECT siret, NULL::text, seq FROM enterprise_tombstone WHERE seq > $1 ORDER BY seq LIMIT $2)
            ORDER BY seq LIMIT $2""";

    /** What a write did to one record. */
    public enum Outcome { CREATED, UPDATED, UNCHANGED }

    /** One record after a write: as stored, and what the write did. */
    public record Written(Enterprise enterprise, Outcome outcome) {
    }

    /**
     * A committed batch; {@code lastSeq} 0 when nothing changed; {@code searchableAt} the change the index must have
     * passed to show every record of the batch as stored (unchanged ones included).
     */
    public record Batch(List<Written> written, long lastSeq, long searchableAt) {
        public List<String> changedSirets() {
            return written.stream().filter(w -> w.outcome() != Outcome.UNCHANGED).map(w -> w.enterprise().siret()).toList();
        }

        public long count(Outcome outcome) {
            return written.stream().filter(w -> w.outcome() == outcome).count();
        }
    }

    /** A change to follow: {@code doc} the stored JSON as text (decode it off the event loop), null for a deletion. */
    public record Change(String siret, String doc, long seq) {
    }

    private final Vertx vertx;
    private final Pool pool;

    public EnterpriseStore(Vertx vertx, Pool pool) {
        this.vertx = vertx;
        this.pool = pool;
    }

    public Future<Enterprise> find(String siret) {
        return pool.preparedQuery("SELECT doc FROM enterprise WHERE siret = $1").execute(Tuple.of(siret))
                .map(rows -> rows.size() == 0 ? null : EnterpriseJson.fromStored(rows.iterator().next().getJsonObject(0)));
    }

    public Future<Boolean> isEmpty() {
        return pool.query("SELECT NOT EXISTS (SELECT 1 FROM enterprise)").execute()
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /**
     * Runs {@code work} while holding the seed lock (a session lock on one connection, so a node that dies frees it
     * with its connection). Taken by trying again every 250 ms rather than by waiting in a statement, which the
     * pool's request timeout would cut while another node loads the seed.
     */
    public <T> Future<T> underSeedLock(Supplier<Future<T>> work) {
        return pool.getConnection().compose(conn -> lockSeed(conn)
                .compose(v -> work.get().eventually(() -> conn.preparedQuery("SELECT pg_advisory_unlock($1)")
                        .execute(Tuple.of(SEED_LOCK))))
                .eventually(conn::close));
    }

    private Future<Void> lockSeed(SqlConnection conn) {
        return conn.preparedQuery("SELECT pg_try_advisory_lock($1)").execute(Tuple.of(SEED_LOCK)).compose(rows -> {
            if (rows.iterator().next().getBoolean(0)) {
                return Future.<Void>succeededFuture();
            }
            Promise<Void> later = Promise.promise();
            vertx.setTimer(SEED_LOCK_RETRY_MILLIS, t -> lockSeed(conn).onComplete(later));
            return later.future();
        });
    }

    public Future<Long> count() {
        return pool.query("SELECT count(*) FROM enterprise").execute().map(rows -> rows.iterator().next().getLong(0));
    }

    /** The last change number committed (0 when none). */
    public Future<Long> lastChange() {
        return pool.query("SELECT GREATEST((SELECT max(seq) FROM enterprise), (SELECT max(seq) FROM enterprise_tombstone), 0)")
                .execute().map(rows -> rows.iterator().next().getLong(0));
    }

    /** Changes after {@code seq} in order, at most {@code limit}, read in one snapshot. */
    public Future<List<Change>> changesSince(long seq, int limit) {
        return pool.preparedQuery(CHANGES).execute(Tuple.of(seq, limit)).map(rows -> {
            List<Change> changes = new ArrayList<>(rows.size());
            for (Row row : rows) {
                changes.add(new Change(row.getString(0), row.getString(1), row.getLong(2)));
            }
            return changes;
        });
    }

    /**
     * Writes a batch in one transaction: reads the stored records, lets {@code settle(fresh, stored)} decide each
     * final record (off the event loop), and writes only those that differ from what is stored, each with a new change
     * number. Either the whole batch is committed or none of it.
     */
    public Future<Batch> write(List<Enterprise> fresh, BiFunction<Enterprise, Enterprise, Enterprise> settle) {
        if (fresh.isEmpty()) {
            return Future.succeededFuture(new Batch(List.of(), 0, 0));
        }
        String[] sirets = fresh.stream().map(Enterprise::siret).toArray(String[]::new);
        return pool.withTransaction(conn -> lock(conn)
                .compose(v -> conn.preparedQuery("SELECT doc::text, seq, siret FROM enterprise WHERE siret = ANY($1)").execute(Tuple.of(sirets)))
                .compose(rows -> {
                    List<String> docs = new ArrayList<>(rows.size()); // decoded on the worker, not the event loop
                    Map<String, Long> seqs = new HashMap<>();
                    rows.forEach(row -> {
                        docs.add(row.getString(0));
                        seqs.put(row.getString(2), row.getLong(1));
                    });
                    return vertx.executeBlocking(() -> plan(fresh, docs, seqs, settle));
                })
                .compose(plan -> writeChanged(conn, plan)));
    }

    /** Off the event loop: decode what is stored, settle, compare, encode what changed. */
    private static Plan plan(List<Enterprise> fresh, List<String> docs, Map<String, Long> storedSeqs,
                             BiFunction<Enterprise, Enterprise, Enterprise> settle) {
        Map<String, Enterprise> stored = new HashMap<>();
        for (String doc : docs) {
            Enterprise e = EnterpriseJson.fromStored(doc);
            stored.put(e.siret(), e);
        }
        List<Written> written = new ArrayList<>(fresh.size());
        List<Enterprise> changed = new ArrayList<>();
        long unchangedAt = 0;
        for (Enterprise f : fresh) {
            Enterprise before = stored.get(f.siret());
            Enterprise after = settle.apply(f, before);
            if (after.equals(before)) {
                written.add(new Written(before, Outcome.UNCHANGED));
                unchangedAt = Math.max(unchangedAt, storedSeqs.getOrDefault(f.siret(), 0L));
                continue;
            }
            written.add(new Written(after, before == null ? Outcome.CREATED : Outcome.UPDATED));
            changed.add(after);
        }
        int n = changed.size();
        String[] sirets = new String[n];
        String[] names = new String[n];
        String[] categories = new String[n];
        String[] nafs = new String[n];
        String[] departments = new String[n];
        String[] regions = new String[n];
        String[] communes = new String[n];
        Double[] latitudes = new Double[n];
        Double[] longitudes = new Double[n];
        String[] texts = new String[n];
        for (int i = 0; i < n; i++) {
            Enterprise e = changed.get(i);
            sirets[i] = e.siret();
            names[i] = e.name();
            categories[i] = e.categories().stream().map(Category::name).sorted().collect(java.util.stream.Collectors.joining(","));
            nafs[i] = e.naf();
            departments[i] = e.department();
            regions[i] = e.region();
            communes[i] = e.commune();
            latitudes[i] = e.latitude();
            longitudes[i] = e.longitude();
            texts[i] = EnterpriseJson.encode(e).encode();
        }
        Tuple columns = Tuple.of(sirets, names, categories, nafs, departments, regions, communes, latitudes, longitudes, texts);
        return new Plan(written, n == 0 ? null : columns, sirets, unchangedAt);
    }

    /**
     * {@code columns} the changed records column by column (null when none changed); {@code unchangedAt}: the latest
     * change number among the stored records the batch leaves as they are.
     */
    private record Plan(List<Written> written, Tuple columns, String[] changedSirets, long unchangedAt) {
    }

    private static Future<Batch> writeChanged(SqlConnection conn, Plan plan) {
        if (plan.columns() == null) {
            return Future.succeededFuture(new Batch(plan.written(), 0, plan.unchangedAt()));
        }
        return conn.preparedQuery(UPSERT).execute(plan.columns())
                .compose(rows -> {
                    long last = 0;
                    for (Row row : rows) {
                        last = Math.max(last, row.getLong(0));
                    }
                    long lastSeq = last;
                    return conn.preparedQuery("DELETE FROM enterprise_tombstone WHERE siret = ANY($1)")
                            .execute(Tuple.of((Object) plan.changedSirets()))
                            .map(v -> new Batch(plan.written(), lastSeq, Math.max(lastSeq, plan.unchangedAt())));
                });
    }

    /** Deletes one enterprise and leaves its tombstone; the change number, or null when there was none. */
    public Future<Long> delete(String siret) {
        return pool.withTransaction(conn -> lock(conn)
                .compose(v -> conn.preparedQuery("DELETE FROM enterprise WHERE siret = $1 RETURNING siret").execute(Tuple.of(siret)))
                .compose(rows -> rows.size() == 0 ? Future.succeededFuture(null) : conn.preparedQuery("""
                                INSERT INTO enterprise_tombstone (siret, seq) VALUES ($1, nextval('enterprise_change_seq'))
                                ON CONFLICT (siret) DO UPDATE SET seq = EXCLUDED.seq, deleted_at = now()
                                RETURNING seq""")
                        .execute(Tuple.of(siret)).map(r -> r.iterator().next().getLong(0))));
    }

    private static Future<Void> lock(SqlConnection conn) {
        return conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(REGISTRY_LOCK)).mapEmpty();
    }
}
