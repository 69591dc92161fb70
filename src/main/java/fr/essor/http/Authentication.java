package fr.essor.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * Bearer API keys. {@link #authenticate()} runs on every {@code /api/*} request before routing (401 first);
 * {@link #require(Role)} guards each route (403). A feed's push carries a webhook signature instead of a key: it is
 * let through here and verified by the notice route against the raw body.
 */
public final class Authentication {
    public static final String ROLE_KEY = "essor.role";

    private final Map<Role, List<String>> keys;

    public Authentication(Map<Role, List<String>> keys) {
        this.keys = Map.copyOf(keys);
    }

    public Handler<RoutingContext> authenticate() {
        return ctx -> {
            String header = ctx.request().getHeader("Authorization");
            if (header == null && ctx.request().getHeader("webhook-signature") != null) {
                ctx.next(); // a feed: authenticated by its signature on the route that takes it
                return;
            }
            Role role = header == null ? null : roleOf(header);
            if (role == null) {
                ctx.response().putHeader("WWW-Authenticate", "Bearer");
                ctx.fail(401);
                return;
            }
            ctx.put(ROLE_KEY, role);
            ctx.next();
        };
    }

    public Handler<RoutingContext> require(Role needed) {
        return ctx -> {
            Role role = ctx.get(ROLE_KEY);
            if (role == null) {
                ctx.response().putHeader("WWW-Authenticate", "Bearer");
                ctx.fail(401);
            } else if (!role.includes(needed)) {
                ctx.fail(403);
            } else {
                ctx.next();
            }
        };
    }

    /** The role of a {@code Bearer <key>} header, or null. Compares in constant time against every key. */
    Role roleOf(String header) {
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        Role found = null;
        for (Map.Entry<Role, List<String>> e : keys.entrySet()) {
            for (String key : e.getValue()) {
                if (MessageDigest.isEqual(given, key.getBytes(StandardCharsets.UTF_8)) && (found == null || e.getKey() == Role.ADMIN)) {
                    found = e.getKey();
                }
            }
        }
        return found;
    }
}
