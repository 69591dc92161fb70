package fr.essor.db;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.PreparedStatement;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.TransactionPropagation;
import io.vertx.sqlclient.TransactionRollbackException;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.spi.DatabaseMetadata;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collector;

/**
 * The pool every store is given: each operation (taking a connection, a statement, a commit) answers within the
 * request bound ({@code db.requestTimeoutSeconds}) or fails with {@link DatabaseUnavailable}, as does any failure
 * that means the database cannot be reached. Other failures (a constraint, a bad value) pass unchanged. The bound
 * is per operation, not per transaction, so a long healthy import is never cut; a frozen server is.
 */
final class BoundedPool implements Pool {
    private final Pool pool;
    private final long boundMillis;
    /** Set by close: a statement failing after it failed because the service is stopping. */
    private volatile boolean closed;

    BoundedPool(Pool pool, long boundMillis) {
        this.pool = pool;
        this.boundMillis = boundMillis;
    }

    private <T> Future<T> bound(Future<T> operation) {
        return operation.timeout(boundMillis, TimeUnit.MILLISECONDS)
                .recover(e -> Future.failedFuture(closed
                        ? new DatabaseUnavailable("the service is stopping: its database pool is closed", e)
                        : DatabaseUnavailable.orSame(e)));
    }

    @Override
    public Future<SqlConnection> getConnection() {
        Future<SqlConnection> taken = pool.getConnection();
        // given up on: a connection that comes later goes back to the pool rather than leak
        return bound(taken).<SqlConnection>map(Connection::new)
                .onFailure(e -> taken.onSuccess(SqlConnection::close));
    }

    @Override
    public Query<RowSet<Row>> query(String sql) {
        return new BoundedQuery<>(pool.query(sql));
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
        return new BoundedPreparedQuery<>(pool.preparedQuery(sql));
    }

    @Override
    public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
        return new BoundedPreparedQuery<>(pool.preparedQuery(sql, options));
    }

    /**
     * As Pool's own, with each step bounded; when the database is unreachable the rollback is sent but not waited
     * for (a frozen server would hold the answer past the bound), and the connection goes back to the pool.
     */
    @Override
    public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> function) {
        return getConnection().compose(conn -> conn.begin()
                .compose(tx -> function.apply(conn).compose(
                        result -> bound(tx.commit()).map(result),
                        failure -> rollback(tx, failure)))
                .onComplete(ar -> conn.close()));
    }

    private <T> Future<T> rollback(Transaction tx, Throwable failure) {
        if (failure instanceof TransactionRollbackException) {
            return Future.failedFuture(failure);
        }
        Future<Void> rolledBack = tx.rollback();
        if (DatabaseUnavailable.in(failure) != null) {
            return Future.failedFuture(failure);
        }
        return bound(rolledBack).transform(ignored -> Future.failedFuture(failure));
    }

    @Override
    public <T> Future<T> withTransaction(TransactionPropagation propagation, Function<SqlConnection, Future<T>> function) {
        if (propagation != TransactionPropagation.NONE) {
            throw new UnsupportedOperationException("only TransactionPropagation.NONE is used here");
        }
        return withTransaction(function);
    }

    @Override
    public <T> Future<T> withConnection(Function<SqlConnection, Future<T>> function) {
        return getConnection().compose(conn -> function.apply(conn).onComplete(ar -> conn.close()));
    }

    @Override
    public int size() {
        return pool.size();
    }

    @Override
    public Future<Void> close() {
        closed = true;
        return pool.close();
    }

    /** A pooled connection whose statements are bounded too. */
    private final class Connection implements SqlConnection {
        private final SqlConnection conn;

        Connection(SqlConnection conn) {
            this.conn = conn;
        }

        @Override
        public Query<RowSet<Row>> query(String sql) {
            return new BoundedQuery<>(conn.query(sql));
        }

        @Override
        public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
            return new BoundedPreparedQuery<>(conn.preparedQuery(sql));
        }

        @Override
        public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
            return new BoundedPreparedQuery<>(conn.preparedQuery(sql, options));
        }

        @Override
        public Future<PreparedStatement> prepare(String sql) {
            return bound(conn.prepare(sql));
        }

        @Override
        public Future<PreparedStatement> prepare(String sql, PrepareOptions options) {
            return bound(conn.prepare(sql, options));
        }

        @Override
        public SqlConnection exceptionHandler(Handler<Throwable> handler) {
            conn.exceptionHandler(handler);
            return this;
        }

        @Override
        public SqlConnection closeHandler(Handler<Void> handler) {
            conn.closeHandler(handler);
            return this;
        }

        @Override
        public Future<Transaction> begin() {
            return bound(conn.begin());
        }

        @Override
        public Transaction transaction() {
            return conn.transaction();
        }

        @Override
        public boolean isSSL() {
            return conn.isSSL();
        }

        @Override
        public DatabaseMetadata databaseMetadata() {
            return conn.databaseMetadata();
        }

        @Override
        public Future<Void> close() {
            return conn.close();
        }
    }

    private class BoundedQuery<T> implements Query<T> {
        private final Query<T> query;

        BoundedQuery(Query<T> query) {
            this.query = query;
        }

        @Override
        public Future<T> execute() {
            return bound(query.execute());
        }

        @Override
        public <R> Query<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
            return new BoundedQuery<>(query.collecting(collector));
        }

        @Override
        public <U> Query<RowSet<U>> mapping(Function<Row, U> mapper) {
            return new BoundedQuery<>(query.mapping(mapper));
        }
    }

    private final class BoundedPreparedQuery<T> implements PreparedQuery<T> {
        private final PreparedQuery<T> query;

        BoundedPreparedQuery(PreparedQuery<T> query) {
            this.query = query;
        }

        @Override
        public Future<T> execute() {
            return bound(query.execute());
        }

        @Override
        public Future<T> execute(Tuple tuple) {
            return bound(query.execute(tuple));
        }

        @Override
        public Future<T> executeBatch(List<Tuple> batch) {
            return bound(query.executeBatch(batch));
        }

        @Override
        public <R> PreparedQuery<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
            return new BoundedPreparedQuery<>(query.collecting(collector));
        }

        @Override
        public <U> PreparedQuery<RowSet<U>> mapping(Function<Row, U> mapper) {
            return new BoundedPreparedQuery<>(query.mapping(mapper));
        }
    }
}
