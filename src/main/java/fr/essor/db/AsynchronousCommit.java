package fr.essor.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * {@code SET LOCAL synchronous_commit = off} for a transaction whose writes can be redone: its commit answers before
 * the WAL reaches the disk, so it waits for no flush. A crash may lose the last few hundred milliseconds of such
 * commits (never corrupt anything): used only where what is lost is done again by itself — an outbox row's
 * published mark (the row is published again: the relay is at least once anyway), an automatic match saved (the run
 * stays pending and the sweep matches the notice again). A notice's own storing, which a push's acknowledgement
 * promises, keeps the synchronous commit.
 */
public final class AsynchronousCommit {
    private AsynchronousCommit() {
    }

    /** Makes the connection's current transaction commit asynchronously (to its end only: SET LOCAL). */
    public static Future<Void> in(SqlConnection conn) {
        return conn.query("SET LOCAL synchronous_commit = off").execute().mapEmpty();
    }
}
