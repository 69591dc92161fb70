package fr.essor.registry;

import fr.essor.testing.TestApp;
import fr.essor.testing.TestDatabases;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static fr.essor.testing.TestApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Nodes starting together decide on the seed one after the other: the seed lock admits one at a time. */
class SeedLockTest {

    @Test
    void seedDecisionsNeverOverlap() throws Exception {
        var dataDir = TestApp.tempDir();
        String db = TestDatabases.freshDatabaseUrl();
        try (TestApp app = TestApp.start(TestApp.defaults(dataDir, db), dataDir, db)) {
            EnterpriseStore store = app.main().services().registry().store();
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            List<Future<Integer>> all = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                all.add(store.underSeedLock(() -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    Promise<Integer> held = Promise.promise();
                    app.vertx().setTimer(300, t -> held.complete(inside.getAndDecrement()));
                    return held.future();
                }));
            }
            await(Future.all(all));
            assertThat(most.get()).isEqualTo(1);
            assertThat(all).allSatisfy(f -> assertThat(f.succeeded()).isTrue());
        }
    }
}
