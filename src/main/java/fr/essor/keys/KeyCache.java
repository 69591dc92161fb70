package fr.essor.keys;

import fr.essor.config.Topics;
import fr.essor.http.Authentication;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The keys that are not revoked, in memory, so that authenticating a request never waits on the database. The
 * table is read again every {@code reloadMillis} (500 ms), and at once when {@link Topics#KEYS_CHANGED} says another
 * node of a cluster made or revoked a key (a revoked one is dropped before that read ends); a key made or revoked on
 * this node is known at once. A read begun before such a change committed may end after it: until a read begun after the change has ended, the change is applied over what reads
 * return (each change remembers how many reads had begun when it was made). While the database cannot be read, the
 * last keys read keep working (and changes made on other nodes wait).
 */
public final class KeyCache extends VerticleBase implements Authentication.StoredKeys {
    private static final Logger LOG = Logger.getLogger(KeyCache.class.getName());
    private static final HexFormat HEX = HexFormat.of();

    private record Added(String hash, Authentication.Caller caller, long reads) {
    }

    private final KeyStore store;
    private final long reloadMillis;
    private final AtomicBoolean reading = new AtomicBoolean();
    /** Hex of the key's hash → its caller; replaced whole, never changed in place, so lookups need no lock. */
    private volatile Map<String, Authentication.Caller> byHash = Map.of();
    // guarded by this: reads begun, and the changes made here that a read may not show yet
    private long readsBegun;
    private final Map<UUID, Long> revokedHere = new HashMap<>();
    private final Map<UUID, Added> addedHere = new HashMap<>();
    private boolean failing;
    private long timer = -1;
    private Future<Void> lastRead = Future.succeededFuture();
    /** A change was announced during a read: read again once it ends (that read may have begun before the change). */
    private volatile boolean readAgain;
    private MessageConsumer<JsonObject> changes;

    public KeyCache(KeyStore store, long reloadMillis) {
        this.store = store;
        this.reloadMillis = reloadMillis;
    }

    @Override
    public Future<?> start() {
        changes = vertx.eventBus().consumer(Topics.KEYS_CHANGED, message -> {
            String revoked = message.body() == null ? null : message.body().getString("revoked");
            if (revoked != null) {
                forget(UUID.fromString(revoked));
            }
            readAgain = true;
            readNow();
        });
        return reload().onSuccess(v -> timer = vertx.setPeriodic(reloadMillis, t -> readNow()));
    }

    private void readNow() {
        if (timer >= 0 && reading.compareAndSet(false, true)) {
            readAgain = false;
            lastRead = reload().onComplete(ar -> {
                reading.set(false);
                if (readAgain) {
                    readNow();
                }
            });
        }
    }

    /** No more reads; completes once the running one (if any) is over, so the pool can close after. */
    @Override
    public Future<?> stop() {
        vertx.cancelTimer(timer);
        timer = -1;
        return changes.unregister().otherwiseEmpty().compose(v -> lastRead.otherwiseEmpty());
    }

    /**
     * A hash-map lookup is not constant time, but what its timing could tell is about the SHA-256 of the value
     * presented, which says nothing about any stored key.
     */
    @Override
    public Authentication.Caller find(String key) {
        return byHash.get(HEX.formatHex(KeySecret.hash(key)));
    }

    /** A key just stored (committed) on this node: accepted from now on. */
    public synchronized void remember(ApiKey key, byte[] hash) {
        Added added = new Added(HEX.formatHex(hash), caller(key.id(), key.role(), key.sirets()), readsBegun);
        addedHere.put(key.id(), added);
        Map<String, Authentication.Caller> next = new HashMap<>(byHash);
        next.put(added.hash(), added.caller());
        byHash = Map.copyOf(next);
        announce(new JsonObject());
    }

    /** A key just revoked (committed) on this node: refused from now on, here and (by the announce) on every node. */
    public void evict(UUID id) {
        forget(id);
        announce(new JsonObject().put("revoked", id.toString()));
    }

    private synchronized void forget(UUID id) {
        revokedHere.put(id, readsBegun);
        addedHere.remove(id);
        byHash = without(new HashMap<>(byHash), Set.of(id));
    }

    /** To the other nodes of a cluster (this node's own consumer reads again too, harmlessly). */
    private void announce(JsonObject change) {
        if (vertx != null) {
            vertx.eventBus().publish(Topics.KEYS_CHANGED, change);
        }
    }

    private Future<Void> reload() {
        long read = begin();
        return store.active().onComplete(ar -> {
            if (ar.succeeded()) {
                apply(ar.result(), read);
                if (failing) {
                    LOG.info("API keys are read from the database again");
                }
                failing = false;
            } else if (!failing) {
                failing = true;
                LOG.log(Level.WARNING, "API keys could not be read; the last keys read stay in use", ar.cause());
            }
        }).mapEmpty();
    }

    private synchronized long begin() {
        return ++readsBegun;
    }

    /** The keys a read returned, with the changes made here that it may not show (made after it began). */
    private synchronized void apply(List<KeyStore.ActiveKey> keys, long read) {
        revokedHere.values().removeIf(begun -> begun < read);
        addedHere.values().removeIf(added -> added.reads() < read);
        Map<String, Authentication.Caller> next = new HashMap<>();
        for (KeyStore.ActiveKey k : keys) {
            next.put(HEX.formatHex(k.hash()), caller(k.id(), k.role(), k.sirets()));
        }
        addedHere.values().forEach(added -> next.put(added.hash(), added.caller()));
        byHash = without(next, revokedHere.keySet());
    }

    private static Map<String, Authentication.Caller> without(Map<String, Authentication.Caller> keys, Set<UUID> ids) {
        if (!ids.isEmpty()) {
            Set<String> names = new HashSet<>();
            ids.forEach(id -> names.add(keyId(id)));
            keys.values().removeIf(c -> names.contains(c.keyId()));
        }
        return Map.copyOf(keys);
    }

    private static Authentication.Caller caller(UUID id, fr.essor.http.Role role, List<String> sirets) {
        return new Authentication.Caller(role, keyId(id), sirets);
    }

    /** The name a stored key goes by in rate limits and ownership: its id, never the key. */
    public static String keyId(UUID id) {
        return "key:" + id;
    }
}
