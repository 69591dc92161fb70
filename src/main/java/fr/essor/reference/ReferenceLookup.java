package fr.essor.reference;

import fr.essor.http.QueryParameters;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.function.BiFunction;

/** A look-up of a folded reference list: {@code ?q=&limit=} answered {@code {items: [...]}}, one item per hit. */
final class ReferenceLookup implements Handler<RoutingContext> {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    static final int MAX_QUERY = 200;

    private final BiFunction<String, Integer, List<JsonObject>> search;

    /** {@code search}: the items for a query and a limit. */
    ReferenceLookup(BiFunction<String, Integer, List<JsonObject>> search) {
        this.search = search;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String q = QueryParameters.requiredText(ctx, "q", MAX_QUERY);
        int limit = QueryParameters.integer(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        JsonArray items = new JsonArray(List.copyOf(search.apply(q, limit)));
        ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("items", items).encode());
    }

    /** {@code {code, label, level, parents: [{code, label}]}} */
    static JsonObject cpv(CpvSearch.Hit hit) {
        JsonArray parents = new JsonArray();
        hit.parents().forEach(p -> parents.add(new JsonObject().put("code", p.code8()).put("label", p.labelFr())));
        return new JsonObject().put("code", hit.code().code8()).put("label", hit.code().labelFr())
                .put("level", hit.code().level().name().toLowerCase(java.util.Locale.ROOT)).put("parents", parents);
    }

    /** {@code {insee, name, postcode, lat, lon, department}} */
    static JsonObject place(PlaceSearch.Place p) {
        return new JsonObject().put("insee", p.insee()).put("name", p.name()).put("postcode", p.postcode())
                .put("lat", p.lat()).put("lon", p.lon()).put("department", p.department());
    }
}
