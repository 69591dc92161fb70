package fr.essor.db;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;

import java.net.ConnectException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** What means "the database cannot be reached" (503) and what stays the statement's own failure. */
class DatabaseUnavailableTest {
    @Test
    void connectionFailuresTimeoutsAndServerGoingAwayAreUnavailable() {
        assertThat(DatabaseUnavailable.orSame(new ConnectException("Connection refused"))).isInstanceOf(DatabaseUnavailable.class);
        assertThat(DatabaseUnavailable.orSame(new TimeoutException("no answer"))).isInstanceOf(DatabaseUnavailable.class);
        assertThat(DatabaseUnavailable.orSame(ClosedConnectionException.INSTANCE)).isInstanceOf(DatabaseUnavailable.class);
        assertThat(DatabaseUnavailable.orSame(new ConnectionPoolTooBusyException("queue full"))).isInstanceOf(DatabaseUnavailable.class);
        assertThat(DatabaseUnavailable.orSame(new PgException("terminating connection", "FATAL", "57P01", null)))
                .isInstanceOf(DatabaseUnavailable.class);
        assertThat(DatabaseUnavailable.orSame(new PgException("starting up", "FATAL", "57P03", null)))
                .isInstanceOf(DatabaseUnavailable.class);
        assertThat(DatabaseUnavailable.orSame(new PgException("connection failure", "FATAL", "08006", null)))
                .isInstanceOf(DatabaseUnavailable.class);
    }

    @Test
    void whatTheStatementCausedIsLeftAsItIs() {
        PgException unique = new PgException("duplicate key", "ERROR", "23505", null);
        assertThat(DatabaseUnavailable.orSame(unique)).isSameAs(unique);
        IllegalArgumentException bug = new IllegalArgumentException("bad tuple");
        assertThat(DatabaseUnavailable.orSame(bug)).isSameAs(bug);
        assertThat(DatabaseUnavailable.in(new RuntimeException(DatabaseUnavailable.orSame(new ConnectException("x")))))
                .isNotNull();
        assertThat(DatabaseUnavailable.in(bug)).isNull();
    }

    @Test
    void aStatementAfterTheStopClosedThePoolFailsAsUnavailable() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            // never connects: a closed pool fails at once
            BoundedPool pool = new BoundedPool(PgBuilder.pool().connectingTo(new PgConnectOptions().setPort(1)).using(vertx).build(), 5_000);
            pool.close().await();
            Throwable failure = pool.query("SELECT 1").execute().toCompletionStage().toCompletableFuture()
                    .handle((rows, e) -> e).get(10, TimeUnit.SECONDS);
            assertThat(DatabaseUnavailable.in(failure)).as("%s", failure).isNotNull();
            assertThat(failure.getMessage()).contains("stopping");
        } finally {
            vertx.close().await();
        }
    }
}
