package fr.essor.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Named readiness checks (database reachable, index open, seed loaded ...). Each feature registers its own;
 * {@code /health/ready} runs them all.
 */
public final class Readiness {
    private static final long CHECK_TIMEOUT_MS = 3_000;

    private final Map<String, Supplier<Future<Void>>> checks = new ConcurrentHashMap<>();

    public void register(String name, Supplier<Future<Void>> check) {
        checks.put(name, check);
    }

    /** {status: UP|DOWN, checks: {name: {status, reason?}}}. Never fails. */
    public Future<JsonObject> check() {
        List<String> names = new ArrayList<>(checks.keySet());
        names.sort(String::compareTo);
        List<Future<JsonObject>> results = new ArrayList<>();
        for (String name : names) {
            Future<Void> check;
            try {
                check = checks.get(name).get();
            } catch (RuntimeException e) {
                check = Future.failedFuture(e);
            }
            results.add(check.timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .map(v -> new JsonObject().put("status", "UP"))
                    .otherwise(e -> new JsonObject().put("status", "DOWN").put("reason", String.valueOf(e.getMessage()))));
        }
        return Future.join(results).transform(ignored -> {
            JsonObject byName = new JsonObject();
            boolean up = true;
            for (int i = 0; i < names.size(); i++) {
                JsonObject r = results.get(i).result();
                byName.put(names.get(i), r);
                up &= "UP".equals(r.getString("status"));
            }
            return Future.succeededFuture(new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", byName));
        });
    }
}
