package fr.essor.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * {@code GET /api/me}: the role of the key presented and, for a supplier, the SIRETs it is bound to. The officers' page
 * asks it once at sign-in to check the key and to show what that role may do, without probing other routes for a 403.
 */
public final class WhoAmIRoute implements RouteSet {
    private final Authentication authentication;

    public WhoAmIRoute(Authentication authentication) {
        this.authentication = authentication;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/me").handler(authentication.require(Role.SUPPLIER, Role.OFFICER)).handler(ctx -> {
            Authentication.Caller caller = authentication.callerOf(ctx);
            ctx.response().putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .end(new JsonObject()
                            .put("role", caller.role().token())
                            .put("sirets", new JsonArray(caller.sirets()))
                            .encode());
        });
    }
}
