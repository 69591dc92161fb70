package fr.essor.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Refuses a request over its bucket with 429 and {@code Retry-After}. It runs after the body bound (413) and before
 * authentication: a valid key draws on that key's bucket, a signed push naming a known feed on that feed's, anything
 * else (no key, a bad key, an unknown feed) on its client address's, so guessing keys is limited like any anonymous
 * traffic. Health, metrics and the contract are never limited: probes and scrapers must always get through; nor
 * are the officers' page and its static files (a page load must not spend the address's budget for the API).
 */
final class RateLimitHandler implements Handler<RoutingContext> {
    private final Authentication authentication;
    private final Set<String> feeds;
    private final ClientAddress clientAddress;
    private final RateLimiter byKey;
    private final RateLimiter byFeed;
    private final RateLimiter byAddress;

    RateLimitHandler(RateLimits limits, Authentication authentication, Set<String> feeds, TrustedProxies trusted,
                     LongSupplier nanoClock) {
        this.authentication = authentication;
        this.feeds = Set.copyOf(feeds);
        this.clientAddress = new ClientAddress(trusted);
        this.byKey = new RateLimiter(limits.perKey(), limits.maxTracked(), nanoClock);
        this.byFeed = new RateLimiter(limits.perFeed(), limits.maxTracked(), nanoClock);
        this.byAddress = new RateLimiter(limits.perAddress(), limits.maxTracked(), nanoClock);
    }

    static boolean exempt(String path) {
        return path.startsWith("/health/") || path.equals("/metrics") || path.equals("/openapi.yaml")
                || PageRoutes.isPageOrAsset(path);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        if (exempt(path)) {
            ctx.next();
            return;
        }
        long wait;
        String what;
        Authentication.Caller caller = ctx.request().getHeader("Authorization") == null ? null : authentication.callerOf(ctx);
        String feed = ctx.request().getHeader("X-Feed-Id");
        if (caller != null) {
            wait = byKey.acquire(caller.keyId());
            what = "this API key";
        } else if (ctx.request().getHeader("Authorization") == null && ctx.request().getHeader("webhook-signature") != null
                && feed != null && feeds.contains(feed)) {
            wait = byFeed.acquire(feed);
            what = "feed " + feed;
        } else {
            wait = byAddress.acquire(clientAddress.of(ctx.request()));
            what = "this client address";
        }
        if (wait == 0) {
            ctx.next();
            return;
        }
        long seconds = TokenBucket.retryAfterSeconds(wait);
        ctx.response().putHeader("Retry-After", Long.toString(seconds));
        ctx.fail(new ProblemException(429, Problems.title(429),
                "too many requests from " + what + "; retry after " + seconds + " s", List.of()));
    }
}
