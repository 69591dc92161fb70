package fr.essor.reference;

import fr.essor.http.QueryParameters;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** GET /api/reference/places?q=&limit=: {@code {items: [{insee, name, postcode, lat, lon, department}]}}. */
final class PlaceLookup implements Handler<RoutingContext> {
    private final PlaceSearch search;

    PlaceLookup(PlaceSearch search) {
        this.search = search;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String q = QueryParameters.requiredText(ctx, "q", ReferenceRoutes.MAX_QUERY);
        int limit = QueryParameters.integer(ctx, "limit", ReferenceRoutes.DEFAULT_LIMIT, 1, ReferenceRoutes.MAX_LIMIT);
        JsonArray items = new JsonArray();
        for (PlaceSearch.Place p : search.search(q, limit)) {
            items.add(new JsonObject().put("insee", p.insee()).put("name", p.name()).put("postcode", p.postcode())
                    .put("lat", p.lat()).put("lon", p.lon()).put("department", p.department()));
        }
        ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("items", items).encode());
    }
}
