package fr.essor.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer API keys: the configured ones ({@code ESSOR_API_KEYS} or credentials.json, compared in constant time), then
 * the keys made through {@code POST /api/keys} ({@link StoredKeys}, held in memory so a request never waits on the
 * database). {@link #authenticate()} runs on every {@code /api/*} request before routing (401 first);
 * {@link #require(Role...)} guards each route (403). A feed's push carries a webhook signature instead of a key: it is
 * let through here and verified by the notice route against the raw body.
 */
public final class Authentication {
    public static final String ROLE_KEY = "essor.role";
    private static final String CALLER_KEY = "essor.caller";

    /**
     * Whose key a request carries: its role, a name for the key that never shows the key (for rate limits and
     * ownership), and the SIRETs a supplier's key is bound to (empty for other roles).
     */
    public record Caller(Role role, String keyId, List<String> sirets) {
        public Caller {
            sirets = sirets == null ? List.of() : List.copyOf(sirets);
        }

        public Caller(Role role, String keyId) {
            this(role, keyId, List.of());
        }
    }

    /** Keys kept outside the configuration (made through the API): the caller of a presented key, or null. */
    @FunctionalInterface
    public interface StoredKeys {
        StoredKeys NONE = key -> null;

        /** Must not block: it runs on an event loop for every request. */
        Caller find(String key);
    }

    private final Map<Role, List<String>> keys;
    private final StoredKeys stored;

    public Authentication(Map<Role, List<String>> keys) {
        this(keys, StoredKeys.NONE);
    }

    public Authentication(Map<Role, List<String>> keys, StoredKeys stored) {
        this.keys = Map.copyOf(keys);
        this.stored = stored;
    }

    public Handler<RoutingContext> authenticate() {
        return ctx -> {
            String header = ctx.request().getHeader("Authorization");
            if (header == null && ctx.request().getHeader("webhook-signature") != null) {
                ctx.next(); // a feed: authenticated by its signature on the route that takes it
                return;
            }
            Caller caller = callerOf(ctx);
            Role role = caller == null ? null : caller.role();
            if (role == null) {
                ctx.response().putHeader("WWW-Authenticate", "Bearer");
                ctx.fail(401);
                return;
            }
            ctx.put(ROLE_KEY, role);
            ctx.next();
        };
    }

    /** Lets through a caller whose role includes any of {@code allowed} (an admin always); else 403, or 401 without a key. */
    public Handler<RoutingContext> require(Role... allowed) {
        List<Role> roles = List.of(allowed);
        return ctx -> {
            Role role = ctx.get(ROLE_KEY);
            if (role == null) {
                ctx.response().putHeader("WWW-Authenticate", "Bearer");
                ctx.fail(401);
            } else if (roles.stream().noneMatch(role::includes)) {
                ctx.fail(403);
            } else {
                // once the caller may call the operation, the contract's verdict on the request (issue 10)
                ContractValidation.gate(ctx);
            }
        };
    }

    /**
     * The caller a request was authenticated as (its role, key id and, for a supplier, SIRETs), or null when it
     * carried no valid key (a feed's push). Read by routes after {@link #authenticate()}.
     */
    public static Caller caller(RoutingContext ctx) {
        Optional<Caller> known = ctx.get(CALLER_KEY);
        return known == null ? null : known.orElse(null);
    }

    /**
     * The caller of a request's {@code Authorization} header, or null (no header, or a bad key); remembered on the
     * request, so the rate limit (which runs first) and authentication compare the key once.
     */
    public Caller callerOf(RoutingContext ctx) {
        Optional<Caller> known = ctx.get(CALLER_KEY);
        if (known == null) {
            String header = ctx.request().getHeader("Authorization");
            known = Optional.ofNullable(header == null ? null : callerOf(header));
            ctx.put(CALLER_KEY, known);
        }
        return known.orElse(null);
    }

    /** The role of a {@code Bearer <key>} header, or null. Compares in constant time against every key. */
    Role roleOf(String header) {
        Caller caller = callerOf(header);
        return caller == null ? null : caller.role();
    }

    /**
     * The id of a configured key (ESSOR_API_KEYS, credentials.json): a prefix of its SHA-256, so that what the key
     * owns (subscriptions) and its rate allowance stay with it when the list is reordered, and the key is not shown.
     */
    public static String configuredKeyId(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "configured:" + java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private Caller callerOf(String header) {
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String key = header.substring(7).trim();
        byte[] given = key.getBytes(StandardCharsets.UTF_8);
        Caller found = null;
        for (Map.Entry<Role, List<String>> e : keys.entrySet()) {
            List<String> list = e.getValue();
            for (int i = 0; i < list.size(); i++) {
                if (MessageDigest.isEqual(given, list.get(i).getBytes(StandardCharsets.UTF_8))
                        && (found == null || e.getKey() == Role.ADMIN)) {
                    found = new Caller(e.getKey(), configuredKeyId(list.get(i)));
                }
            }
        }
        return found != null || key.isEmpty() ? found : stored.find(key);
    }
}
