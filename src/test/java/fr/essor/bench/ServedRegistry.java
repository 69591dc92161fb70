package fr.essor.bench;

import fr.essor.registry.Enterprise;
import fr.essor.registry.EnterpriseStore;
import fr.essor.testing.TestApp;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The whole service in-process (TestApp: its PostgreSQL, its index, its HTTP server on loopback) holding a generated
 * registry, written through the registry's store in batches as an import writes them and indexed by the service's own
 * index verticle. The enterprises as stored are what the baselines index too. Rate limits are off (as
 * {@code ESSOR_RATE_LIMITS=off}): the benchmarks measure matching, not the edge; each says so.
 */
final class ServedRegistry implements AutoCloseable {
    final TestApp app;
    /** The enterprises as the service stored them, in writing order. */
    final List<Enterprise> enterprises;

    private ServedRegistry(TestApp app, List<Enterprise> enterprises) {
        this.app = app;
        this.enterprises = enterprises;
    }

    static ServedRegistry start(List<Enterprise> generated) {
        System.out.println("rate limits: off for this bench (http.rateLimits.enabled=false, as ESSOR_RATE_LIMITS=off)");
        TestApp app = TestApp.start(TestApp.rateLimitsOff());
        try {
            long start = System.nanoTime();
            EnterpriseStore store = app.main().services().registry().store();
            List<Enterprise> stored = new ArrayList<>(generated.size());
            for (int from = 0; from < generated.size(); from += 1000) {
                List<Enterprise> batch = generated.subList(from, Math.min(generated.size(), from + 1000));
                TestApp.await(store.write(batch, (fresh, old) -> fresh)).written().forEach(w -> stored.add(w.enterprise()));
            }
            long written = System.nanoTime();
            // TestApp.await waits 60 s; indexing 200,000 may take longer on a shared machine
            app.main().services().registryIndex().awaitChange(TestApp.await(store.lastChange()))
                    .toCompletionStage().toCompletableFuture().get(15, TimeUnit.MINUTES);
            System.out.printf(Locale.ROOT, "served registry: %,d enterprises written to PostgreSQL in %.1f s, searchable %.1f s later%n",
                    stored.size(), (written - start) / 1e9, (System.nanoTime() - written) / 1e9);
            return new ServedRegistry(app, stored);
        } catch (Exception e) {
            app.close();
            throw new IllegalStateException("the served registry did not become searchable", e);
        }
    }

    /** The in-process explained match, as the route runs it on a worker: parse, match, JSON written. */
    String matchInProcess(JsonObject body) {
        return app.main().services().matching().match(body);
    }

    @Override
    public void close() {
        app.close();
    }
}
