package fr.essor.keys;

import fr.essor.http.Role;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * API keys in PostgreSQL (V6), by the SHA-256 of the key ({@link KeySecret}); the key itself is never stored.
 * Every operation is ONE statement, so one transaction: a key is created whole, revoking is a single update (done
 * twice it keeps the first time), and a page is counted and read in the same snapshot, so its total matches it.
 */
public final class KeyStore {
    private static final String COLUMNS = "id, role, label, sirets, created_at, revoked_at";

    /** What authentication needs of a key that is not revoked. */
    public record ActiveKey(UUID id, Role role, List<String> sirets, byte[] hash) {
    }

    public record Page(long total, List<ApiKey> items) {
    }

    private final Pool pool;

    public KeyStore(Pool pool) {
        this.pool = pool;
    }

    public Future<ApiKey> create(UUID id, KeyRequest request, byte[] hash) {
        return pool.preparedQuery("INSERT INTO api_key (id, role, label, sirets, key_hash) VALUES ($1, $2, $3, $4, $5) "
                        + "RETURNING " + COLUMNS)
                .execute(Tuple.tuple().addValue(id).addValue(request.role().token()).addValue(request.label())
                        .addValue(request.sirets().toArray(new String[0])).addValue(Buffer.buffer(hash)))
                .map(rows -> read(rows.iterator().next()));
    }

    /** Keys oldest first (revoked ones too, with {@code revokedAt}). */
    public Future<Page> list(int page, int size) {
        // the LEFT JOIN keeps one row (with the total) when the page is empty
        return pool.preparedQuery("SELECT (SELECT count(*) FROM api_key) AS total, k.* FROM (SELECT 1) AS one "
                        + "LEFT JOIN (SELECT " + COLUMNS + " FROM api_key ORDER BY created_at, id LIMIT $1 OFFSET $2) AS k "
                        + "ON true ORDER BY k.created_at, k.id")
                .execute(Tuple.of(size, (long) page * size))
                .map(rows -> {
                    long total = 0;
                    List<ApiKey> items = new ArrayList<>();
                    for (Row r : rows) {
                        total = r.getLong("total");
                        if (r.getUUID("id") != null) {
                            items.add(read(r));
                        }
                    }
                    return new Page(total, items);
                });
    }

    /** True when a key has that id (revoked now, or already). */
    public Future<Boolean> revoke(UUID id) {
        return pool.preparedQuery("UPDATE api_key SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1")
                .execute(Tuple.of(id)).map(r -> r.rowCount() > 0);
    }

    public Future<List<ActiveKey>> active() {
        return pool.query("SELECT id, role, sirets, key_hash FROM api_key WHERE revoked_at IS NULL").execute().map(rows -> {
            List<ActiveKey> keys = new ArrayList<>(rows.size());
            for (Row r : rows) {
                Role role = Role.fromToken(r.getString("role")).orElseThrow();
                keys.add(new ActiveKey(r.getUUID("id"), role, Arrays.asList(r.getArrayOfStrings("sirets")),
                        r.getBuffer("key_hash").getBytes()));
            }
            return keys;
        });
    }

    private static ApiKey read(Row r) {
        return new ApiKey(r.getUUID("id"), Role.fromToken(r.getString("role")).orElseThrow(), r.getString("label"),
                Arrays.asList(r.getArrayOfStrings("sirets")), r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("revoked_at"));
    }
}
