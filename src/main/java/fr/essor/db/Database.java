package fr.essor.db;

import fr.essor.config.EssorConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

import java.util.concurrent.TimeUnit;

/** The runtime connection pool (vertx-pg-client): bounded wait queue, idle timeout, and a readiness ping. */
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
        Pool pool = PgBuilder.pool().with(poolOptions).connectingTo(url.connectOptions()).using(vertx).build();
        return new Database(pool, url, config.dbReadinessTimeoutMillis());
    }

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
