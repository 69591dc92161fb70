package fr.essor.db;

import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * The database could not be used just now (no connection, the connection lost, no answer within the request bound):
 * not the request's fault, so the HTTP edge answers 503 with {@code Retry-After} and the client tries again.
 */
public final class DatabaseUnavailable extends RuntimeException {
    /** What a client is told to wait before trying again: about what an embedded restart or a pool reconnect takes. */
    public static final int RETRY_AFTER_SECONDS = 5;

    /** Server errors that say the server is going away, starting, recovering or full, not that the statement is wrong. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

    public DatabaseUnavailable(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** {@code e} as a DatabaseUnavailable when it means the database cannot be reached; otherwise {@code e} itself. */
    public static Throwable orSame(Throwable e) {
        if (e instanceof DatabaseUnavailable) {
            return e;
        }
        return means(e) ? new DatabaseUnavailable("the database cannot be reached: " + e.getMessage(), e) : e;
    }

    /** The DatabaseUnavailable in {@code e}'s cause chain, or null. */
    public static DatabaseUnavailable in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DatabaseUnavailable unavailable) {
                return unavailable;
            }
        }
        return null;
    }

    static boolean means(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof ClosedConnectionException || t instanceof IOException
                    || t instanceof ConnectionPoolTooBusyException) {
                return true;
            }
            if (t instanceof DatabaseException d && d.getSqlState() != null
                    && (d.getSqlState().startsWith("08") || UNAVAILABLE_STATES.contains(d.getSqlState()))) {
                return true;
            }
        }
        return false;
    }
}
