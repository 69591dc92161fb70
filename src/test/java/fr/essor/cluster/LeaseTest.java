package fr.essor.cluster;

import fr.essor.testing.TestApp;
import fr.essor.testing.TestDatabases;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;

import static fr.essor.testing.TestApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The feed poller's lease in PostgreSQL: one holder at a time, renewed by it, taken by another once expired or given up. */
class LeaseTest {

    @Test
    void oneHolderAtATimeUntilItExpiresOrIsGivenUp() throws Exception {
        var dataDir = TestApp.tempDir();
        String db = TestDatabases.freshDatabaseUrl();
        try (TestApp app = TestApp.start(TestApp.defaults(dataDir, db), dataDir, db)) {
            Pool pool = app.main().services().database().pool();
            Lease a = new Lease(pool, "job", "node-a", 3);
            Lease b = new Lease(pool, "job", "node-b", 3);
            assertThat(await(a.acquireOrRenew())).isTrue();
            assertThat(await(b.acquireOrRenew())).as("held by A").isFalse();
            assertThat(await(a.acquireOrRenew())).as("renewed by its holder").isTrue();
            // A dies: its lease runs out (set back rather than waited for)
            await(pool.query("UPDATE lease SET expires_at = now() - interval '1 second' WHERE name = 'job'").execute());
            assertThat(await(b.acquireOrRenew())).as("taken over once expired").isTrue();
            assertThat(await(a.acquireOrRenew())).as("A, back, does not take it from B").isFalse();
            await(b.release());
            assertThat(await(a.acquireOrRenew())).as("given up by B: free at once").isTrue();
            await(b.release()); // not B's: nothing happens
            assertThat(await(b.acquireOrRenew())).isFalse();
        }
    }
}
