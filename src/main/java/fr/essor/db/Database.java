package fr.essor.db;

import fr.essor.config.EssorConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

import java.util.concurrent.TimeUnit;

/**
 * The runtime connection pool (vertx-pg-client): bounded wait queue, idle timeout, and a readiness ping. Every
 * operation on it answers within {@code db.requestTimeoutSeconds} or fails with {@link DatabaseUnavailable} (see
 * {@link BoundedPool}); a connection the server or the network closed leaves the pool, and the next use connects
 * again, so the pool recovers by itself once the database is back.
 */
public final class Database {
    private final Pool pool;
    private final DatabaseUrl url;
    private final long readinessTimeoutMillis;

    private Database(Pool pool, DatabaseUrl url, long readinessTimeoutMillis) {
        this.pool = pool;
        this.url = url;
        this.readinessTimeoutMillis = readinessTimeoutMillis;
    }

    public static Database connect(Vertx vertx, DatabaseUrl url, EssorConfig config) {
        PoolOptions poolOptions = new PoolOptions()
                .setName("essor")
                .setMaxSize(config.dbPoolSize())
                .setMaxWaitQueueSize(config.dbMaxWaitQueueSize())
                .setIdleTimeout(config.dbIdleTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setConnectionTimeout(config.dbPoolWaitSeconds()).setConnectionTimeoutUnit(TimeUnit.SECONDS)
                .setPoolCleanerPeriod(5_000);
        long boundMillis = config.dbRequestTimeoutSeconds() * 1000L;
        // keep-alive: a peer gone without a word is noticed; a connect attempt is bounded like a request
        NetClientOptions network = new NetClientOptions().setTcpKeepAlive(true).setConnectTimeout((int) boundMillis);
        Pool pool = PgBuilder.pool().with(poolOptions).with(network).connectingTo(url.connectOptions()).using(vertx).build();
        return new Database(new BoundedPool(pool, boundMillis), url, config.dbReadinessTimeoutMillis());
    }

    /** The bounded pool (see {@link BoundedPool}). */
    public Pool pool() {
        return pool;
    }

    public DatabaseUrl url() {
        return url;
    }

    /** Succeeds when the database answers a trivial query in time. */
    public Future<Void> ping() {
        return pool.query("SELECT 1").execute()
                .timeout(readinessTimeoutMillis, TimeUnit.MILLISECONDS)
                .mapEmpty();
    }

    public Future<Void> close() {
        return pool.close();
    }
}
