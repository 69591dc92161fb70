package fr.essor.keys;

import fr.essor.http.Authentication;
import fr.essor.http.BodyLimit;
import fr.essor.http.JsonBodies;
import fr.essor.http.ProblemException;
import fr.essor.http.QueryParameters;
import fr.essor.http.Role;
import fr.essor.http.RouteSet;
import fr.essor.notice.NoticeRoutes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.UUID;

/**
 * {@code POST /api/keys} (201 with the key, shown this once), {@code GET /api/keys} (never a key) and
 * {@code DELETE /api/keys/{id}} (revokes: refused by this node at once, by others within a second); admin only.
 */
public final class KeyRoutes implements RouteSet {
    private static final String PATH = "/api/keys";

    private final KeyStore store;
    private final KeyCache cache;
    private final Authentication authentication;
    private final BodyLimit bodyLimit;

    public KeyRoutes(KeyStore store, KeyCache cache, Authentication authentication, BodyLimit bodyLimit) {
        this.store = store;
        this.cache = cache;
        this.authentication = authentication;
        this.bodyLimit = bodyLimit;
    }

    @Override
    public void mount(Router router) {
        // the role is checked on a first route, the body read on a second (vertx-web wants a body handler first)
        router.post(PATH).handler(authentication.require(Role.ADMIN));
        router.post(PATH).handler(bodyLimit.reader()).handler(this::create);
        router.get(PATH).handler(authentication.require(Role.ADMIN)).handler(this::list);
        router.delete(PATH + "/:id").handler(authentication.require(Role.ADMIN)).handler(this::revoke);
    }

    private void create(RoutingContext ctx) {
        KeyRequest request = KeyRequest.parse(JsonBodies.object(ctx));
        String key = KeySecret.generate();
        UUID id = UUID.randomUUID();
        byte[] hash = KeySecret.hash(key);
        store.create(id, request, hash).onSuccess(made -> {
            cache.remember(made, hash); // usable on this node as soon as the answer is out
            ctx.response().setStatusCode(201)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Location", PATH + "/" + id)
                    .putHeader("Cache-Control", "no-store") // the only time the key is shown
                    .end(made.toJson().put("key", key).encode());
        }).onFailure(ctx::fail);
    }

    private void list(RoutingContext ctx) {
        int page = QueryParameters.integer(ctx, "page", 0, 0, 100_000);
        int size = QueryParameters.integer(ctx, "size", 20, 1, 100);
        store.list(page, size).onSuccess(p -> {
            JsonArray items = new JsonArray();
            p.items().forEach(k -> items.add(k.toJson()));
            ctx.json(new JsonObject().put("total", p.total()).put("items", items));
        }).onFailure(ctx::fail);
    }

    private void revoke(RoutingContext ctx) {
        UUID id = NoticeRoutes.uuid(ctx.pathParam("id"));
        if (id == null) {
            ctx.fail(ProblemException.notFound("no key has the id " + ctx.pathParam("id")));
            return;
        }
        store.revoke(id).onSuccess(found -> {
            if (found) {
                cache.evict(id);
                ctx.response().setStatusCode(204).end();
            } else {
                ctx.fail(ProblemException.notFound("no key has the id " + id));
            }
        }).onFailure(ctx::fail);
    }
}
