package fr.essor.alerts;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Subscriptions in PostgreSQL (V5). */
public final class SubscriptionStore {
    private static final String COLUMNS = "id, kind, query, siret, callback_url, secret, created_at";

    private final Pool pool;

    public SubscriptionStore(Pool pool) {
        this.pool = pool;
    }

    public Future<Subscription> create(Subscription s) {
        return pool.preparedQuery("INSERT INTO subscription (id, kind, query, siret, callback_url, secret) "
                        + "VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + COLUMNS)
                .execute(Tuple.of(s.id(), s.kind().token(), s.query(), s.siret(), s.callbackUrl(), s.secret()))
                .map(rows -> read(rows.iterator().next()));
    }

    public Future<Optional<Subscription>> find(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM subscription WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(read(rows.iterator().next())));
    }

    public record Page(long total, List<Subscription> items) {
    }

    public Future<Page> list(int page, int size) {
        return pool.query("SELECT count(*) AS n FROM subscription").execute()
                .compose(count -> pool.preparedQuery("SELECT " + COLUMNS + " FROM subscription ORDER BY created_at, id LIMIT $1 OFFSET $2")
                        .execute(Tuple.of(size, (long) page * size))
                        .map(rows -> new Page(count.iterator().next().getLong("n"), all(rows))));
    }

    /** Query subscriptions (evaluated against every new lot). */
    public Future<List<Subscription>> queries() {
        return pool.query("SELECT " + COLUMNS + " FROM subscription WHERE kind = 'query' ORDER BY id").execute().map(SubscriptionStore::all);
    }

    public Future<Boolean> delete(UUID id) {
        return pool.preparedQuery("DELETE FROM subscription WHERE id = $1").execute(Tuple.of(id)).map(r -> r.rowCount() > 0);
    }

    private static List<Subscription> all(Iterable<Row> rows) {
        List<Subscription> out = new ArrayList<>();
        rows.forEach(r -> out.add(read(r)));
        return out;
    }

    private static Subscription read(Row r) {
        String siret = r.getString("siret");
        return new Subscription(r.getUUID("id"), Subscription.Kind.of(r.getString("kind")), r.getJsonObject("query"),
                siret == null ? null : siret.trim(), r.getString("callback_url"), r.getString("secret"), r.getOffsetDateTime("created_at"));
    }
}
