package fr.essor.reference;

import fr.essor.http.QueryParameters;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** GET /api/reference/cpv?q=&limit=: {@code {items: [{code, label, level, parents: [{code, label}]}]}}. */
final class CpvLookup implements Handler<RoutingContext> {
    private final CpvSearch search;

    CpvLookup(CpvSearch search) {
        this.search = search;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String q = QueryParameters.requiredText(ctx, "q", ReferenceRoutes.MAX_QUERY);
        int limit = QueryParameters.integer(ctx, "limit", ReferenceRoutes.DEFAULT_LIMIT, 1, ReferenceRoutes.MAX_LIMIT);
        JsonArray items = new JsonArray();
        for (CpvSearch.Hit hit : search.search(q, limit)) {
            JsonArray parents = new JsonArray();
            hit.parents().forEach(p -> parents.add(new JsonObject().put("code", p.code8()).put("label", p.labelFr())));
            items.add(new JsonObject().put("code", hit.code().code8()).put("label", hit.code().labelFr())
                    .put("level", hit.code().level().name().toLowerCase(java.util.Locale.ROOT)).put("parents", parents));
        }
        ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("items", items).encode());
    }
}
