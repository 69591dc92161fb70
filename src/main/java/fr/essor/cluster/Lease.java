package fr.essor.cluster;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** A named lease in PostgreSQL (table {@code lease}): at most one holder at a time, until it expires unrenewed. */
public final class Lease {
    private final Pool pool;
    private final String name;
    private final String holder;
    private final int seconds;

    public Lease(Pool pool, String name, String holder, int seconds) {
        this.pool = pool;
        this.name = name;
        this.holder = holder;
        this.seconds = seconds;
    }

    /** Takes the lease (free, expired or already ours) for {@code seconds} from now; true when this holder has it. */
    public Future<Boolean> acquireOrRenew() {
        return pool.preparedQuery("INSERT INTO lease (name, holder, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3)) "
                        + "ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at "
                        + "WHERE lease.holder = EXCLUDED.holder OR lease.expires_at < now() RETURNING holder")
                .execute(Tuple.of(name, holder, seconds))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Gives the lease up (a stop), so that another node takes it at its next try rather than at expiry. */
    public Future<Void> release() {
        return pool.preparedQuery("DELETE FROM lease WHERE name = $1 AND holder = $2").execute(Tuple.of(name, holder)).mapEmpty();
    }

    public String name() {
        return name;
    }

    public String holder() {
        return holder;
    }

    public int seconds() {
        return seconds;
    }
}
