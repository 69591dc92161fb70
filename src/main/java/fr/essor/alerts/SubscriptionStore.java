package fr.essor.alerts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Subscriptions in PostgreSQL (V5, owners V7). Every read or write an API caller makes goes through a {@link Viewer}:
 * another owner's subscription is simply not found, so its id is never confirmed.
 */
public final class SubscriptionStore {
    private static final String COLUMNS = "id, kind, query, siret, callback_url, secret, owner_key, created_at";

    private final Pool pool;

    public SubscriptionStore(Pool pool) {
        this.pool = pool;
    }

    /** Who asks: an admin sees every subscription (ownerless ones too), anyone else only the ones its key made. */
    public record Viewer(String keyId, boolean seesAll) {
    }

    /**
     * Stores a subscription unless its owner already has {@code maxPerOwner}; empty then. The owner's count and the
     * insert are serialised by a transaction-scoped advisory lock, so two concurrent creations cannot both pass.
     */
    public Future<Optional<Subscription>> create(Subscription s, int maxPerOwner) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock(hashtext('subscription-owner:' || $1))")
                .execute(Tuple.of(s.ownerKey()))
                .compose(v -> conn.preparedQuery("SELECT count(*) AS n FROM subscription WHERE owner_key = $1").execute(Tuple.of(s.ownerKey())))
                .compose(count -> count.iterator().next().getLong("n") >= maxPerOwner ? Future.succeededFuture(Optional.<Subscription>empty())
                        : conn.preparedQuery("INSERT INTO subscription (id, kind, query, siret, callback_url, secret, owner_key) "
                                        + "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING " + COLUMNS)
                                .execute(Tuple.from(new Object[]{s.id(), s.kind().token(), s.query(), s.siret(), s.callbackUrl(), s.secret(), s.ownerKey()}))
                                .map(rows -> Optional.of(read(rows.iterator().next())))));
    }

    public Future<Optional<Subscription>> find(UUID id, Viewer viewer) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM subscription WHERE id = $1 AND " + visible(2))
                .execute(Tuple.of(id, viewer.seesAll(), viewer.keyId()))
                .map(SubscriptionStore::first);
    }

    public record Page(long total, List<Subscription> items) {
    }

    public Future<Page> list(int page, int size, Viewer viewer) {
        return pool.preparedQuery("SELECT count(*) AS n FROM subscription WHERE " + visible(1))
                .execute(Tuple.of(viewer.seesAll(), viewer.keyId()))
                .compose(count -> pool.preparedQuery("SELECT " + COLUMNS + " FROM subscription WHERE " + visible(1)
                                + " ORDER BY created_at, id LIMIT $3 OFFSET $4")
                        .execute(Tuple.of(viewer.seesAll(), viewer.keyId(), size, (long) page * size))
                        .map(rows -> new Page(count.iterator().next().getLong("n"), all(rows))));
    }

    /** Query subscriptions (evaluated against every new lot), whoever owns them. */
    public Future<List<Subscription>> queries() {
        return pool.query("SELECT " + COLUMNS + " FROM subscription WHERE kind = 'query' ORDER BY id").execute().map(SubscriptionStore::all);
    }

    public Future<Boolean> delete(UUID id, Viewer viewer) {
        return pool.preparedQuery("DELETE FROM subscription WHERE id = $1 AND " + visible(2))
                .execute(Tuple.of(id, viewer.seesAll(), viewer.keyId())).map(r -> r.rowCount() > 0);
    }

    /** Replaces the signing secret; the dispatcher reads it at each push, so every later push is signed with it. */
    public Future<Optional<Subscription>> rotateSecret(UUID id, Viewer viewer, String secret) {
        return pool.preparedQuery("UPDATE subscription SET secret = $4 WHERE id = $1 AND " + visible(2) + " RETURNING " + COLUMNS)
                .execute(Tuple.of(id, viewer.seesAll(), viewer.keyId(), secret))
                .map(SubscriptionStore::first);
    }

    /** Queues a test event for the dispatcher, due now; the delivery's id, or empty when the viewer has no such subscription. */
    public Future<Optional<UUID>> ping(UUID id, Viewer viewer) {
        UUID delivery = UUID.randomUUID();
        JsonObject payload = new JsonObject().put("type", "ping").put("subscriptionId", id.toString());
        return pool.preparedQuery("INSERT INTO alert_delivery (id, subscription_id, payload) "
                        + "SELECT $4, id, $5 FROM subscription WHERE id = $1 AND " + visible(2) + " RETURNING id")
                .execute(Tuple.of(id, viewer.seesAll(), viewer.keyId(), delivery, payload))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(delivery));
    }

    /** The latest deliveries of a subscription (the caller has checked it may see it), newest first. */
    Future<List<Delivery>> deliveries(UUID subscriptionId, int size) {
        return pool.preparedQuery("SELECT " + Delivery.COLUMNS + " FROM alert_delivery WHERE subscription_id = $1 "
                        + "ORDER BY created_at DESC, id LIMIT $2")
                .execute(Tuple.of(subscriptionId, size))
                .map(rows -> {
                    List<Delivery> out = new ArrayList<>();
                    rows.forEach(r -> out.add(Delivery.read(r)));
                    return out;
                });
    }

    /** The rows a viewer may see: parameter {@code $first} says whether it sees all, the next is its key id. */
    private static String visible(int first) {
        return "($" + first + " OR owner_key = $" + (first + 1) + ")";
    }

    private static Optional<Subscription> first(Iterable<Row> rows) {
        var it = rows.iterator();
        return it.hasNext() ? Optional.of(read(it.next())) : Optional.empty();
    }

    private static List<Subscription> all(Iterable<Row> rows) {
        List<Subscription> out = new ArrayList<>();
        rows.forEach(r -> out.add(read(r)));
        return out;
    }

    private static Subscription read(Row r) {
        String siret = r.getString("siret");
        return new Subscription(r.getUUID("id"), Subscription.Kind.of(r.getString("kind")), r.getJsonObject("query"),
                siret == null ? null : siret.trim(), r.getString("callback_url"), r.getString("secret"), r.getString("owner_key"),
                r.getOffsetDateTime("created_at"));
    }
}
