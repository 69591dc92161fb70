package fr.essor.db;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
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
}
