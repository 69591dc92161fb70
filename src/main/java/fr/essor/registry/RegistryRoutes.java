package fr.essor.registry;

import fr.essor.http.Authentication;
import fr.essor.http.BodyLimit;
import fr.essor.http.CsvWriter;
import fr.essor.http.FieldError;
import fr.essor.http.ProblemException;
import fr.essor.http.Role;
import fr.essor.http.RouteSet;
import fr.essor.registry.imports.ImportFormat;
import fr.essor.registry.index.EnterpriseIndex;
import fr.essor.registry.index.RegistryHit;
import fr.essor.registry.index.RegistryPage;
import fr.essor.registry.index.RegistryQuery;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The registry's HTTP routes (DESIGN.md section 5): import (admin), PUT/GET/DELETE one enterprise, and search
 * (officer). Bodies are parsed and searches run on workers.
 */
public final class RegistryRoutes implements RouteSet {
    static final String IMPORT_PATH = "/api/enterprises/import";

    private final Vertx vertx;
    private final Registry registry;
    private final Supplier<EnterpriseIndex> index;
    private final SearchParameters searchParameters;
    private final Authentication authentication;
    private final BodyLimit bodyLimit;
    private final LongFunction<Future<Boolean>> searchable;

    /**
     * {@code searchable}: given a change number, true once this node's index shows it, false when the bound of
     * read-your-writes runs out ({@link IndexVerticle#awaitSearchable}); writes answer after it.
     */
    public RegistryRoutes(Vertx vertx, Registry registry, Supplier<EnterpriseIndex> index, SearchParameters searchParameters,
                          Authentication authentication, BodyLimit bodyLimit, LongFunction<Future<Boolean>> searchable) {
        this.vertx = vertx;
        this.registry = registry;
        this.index = index;
        this.searchParameters = searchParameters;
        this.authentication = authentication;
        this.bodyLimit = bodyLimit;
        this.searchable = searchable;
    }

    @Override
    public void mount(Router router) {
        // role and request checks before the body is read, in a first route; the body in a second one (vertx-web
        // wants a body handler first on its route)
        router.post(IMPORT_PATH).handler(authentication.require(Role.ADMIN)).handler(this::checkImport);
        router.post(IMPORT_PATH).handler(bodyLimit.reader(IMPORT_PATH)).handler(this::importFile);
        router.get("/api/enterprises").handler(authentication.require(Role.OFFICER)).handler(this::search);
        router.put("/api/enterprises/:siret").handler(authentication.require(Role.ADMIN)).handler(this::checkPut);
        router.put("/api/enterprises/:siret").handler(bodyLimit.reader()).handler(this::put);
        router.get("/api/enterprises/:siret").handler(authentication.require(Role.OFFICER)).handler(this::get);
        router.delete("/api/enterprises/:siret").handler(authentication.require(Role.ADMIN)).handler(this::delete);
    }

    // --- import ----------------------------------------------------------------------------------------

    private static final String FORMAT = "essor.import.format";
    private static final String NDJSON = "essor.import.ndjson";

    /** Before reading the body: the format and the content type must be ones the route takes. */
    private void checkImport(RoutingContext ctx) {
        List<String> formats = ctx.queryParam("format");
        String token = formats.isEmpty() ? ImportFormat.ESSOR.token() : formats.get(0).strip();
        ImportFormat format = ImportFormat.fromToken(token).orElseThrow(() -> ProblemException.badRequest(
                "unknown format \"" + token + "\"", new FieldError("format", "must be one of " + ImportFormat.tokens())));
        String mediaType = mediaType(ctx);
        boolean ndjson;
        if (mediaType.equals("text/csv")) {
            ndjson = false;
        } else if (mediaType.equals("application/x-ndjson") || mediaType.equals("application/ndjson")) {
            ndjson = true;
        } else {
            throw unsupported("an import is text/csv or application/x-ndjson, not " + describe(mediaType));
        }
        if (ndjson && format != ImportFormat.ESSOR) {
            throw unsupported("format " + format.token() + " is CSV: send it as text/csv");
        }
        ctx.put(FORMAT, format);
        ctx.put(NDJSON, ndjson);
        ctx.next();
    }

    private void importFile(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw ProblemException.badRequest("the body is empty: send the file");
        }
        byte[] bytes = body.getBytes();
        registry.importFile(() -> new ByteArrayInputStream(bytes), ctx.get(FORMAT), ctx.get(NDJSON))
                .compose(summary -> whenSearchable(summary.searchableAt()).map(shown -> summary.toJson().put("searchable", shown)))
                .onSuccess(answer -> json(ctx, 200, answer))
                .onFailure(ctx::fail);
    }

    /** Read your writes: waits for the index (bounded); the write is committed, so a failure to wait is just false. */
    private Future<Boolean> whenSearchable(long change) {
        return searchable.apply(change).otherwise(false);
    }

    // --- one enterprise --------------------------------------------------------------------------------

    private void checkPut(RoutingContext ctx) {
        pathSiret(ctx);
        String mediaType = mediaType(ctx);
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw unsupported("an enterprise is application/json, not " + describe(mediaType));
        }
        ctx.next();
    }

    private void put(RoutingContext ctx) {
        String siret = pathSiret(ctx);
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw ProblemException.badRequest("the body is empty: send the enterprise as JSON");
        }
        vertx.executeBlocking(() -> decodePut(siret, body), false)
                .compose(registry::put)
                .compose(put -> whenSearchable(put.searchableAt()).map(shown -> {
                    if (put.outcome() == EnterpriseStore.Outcome.CREATED) {
                        ctx.response().putHeader("Location", "/api/enterprises/" + siret);
                    }
                    json(ctx, put.outcome() == EnterpriseStore.Outcome.CREATED ? 201 : 200,
                            registry.codec().answer(put.enterprise()).put("searchable", shown));
                    return null;
                }))
                .onFailure(ctx::fail);
    }

    /** On a worker: the body as an enterprise whose SIRET is the path's. */
    private Enterprise decodePut(String siret, Buffer body) {
        Object value;
        try {
            value = Json.decodeValue(body);
        } catch (DecodeException e) {
            throw ProblemException.badRequest("the body is not valid JSON");
        }
        if (!(value instanceof JsonObject)) {
            throw ProblemException.unprocessable("the body must be a JSON object (an enterprise)", List.of());
        }
        JsonObject json = (JsonObject) value;
        Object given = json.getValue("siret");
        if (given == null) {
            json.put("siret", siret);
        } else if (!siret.equals(given)) {
            throw ProblemException.unprocessable("the body names another enterprise than the path",
                    List.of(new FieldError("siret", "must be the SIRET of the path (" + siret + ")")));
        }
        EnterpriseJson.Decoded decoded = registry.codec().decode(json);
        if (!decoded.ok()) {
            throw ProblemException.unprocessable("the enterprise is not valid", decoded.errors());
        }
        return decoded.enterprise();
    }

    private void get(RoutingContext ctx) {
        String siret = pathSiret(ctx);
        registry.get(siret)
                .onSuccess(e -> {
                    if (e == null) {
                        ctx.fail(ProblemException.notFound("no enterprise with SIRET " + siret));
                    } else {
                        json(ctx, 200, registry.codec().answer(e));
                    }
                })
                .onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        String siret = pathSiret(ctx);
        registry.delete(siret)
                .onSuccess(deleted -> {
                    if (deleted) {
                        ctx.response().setStatusCode(204).end();
                    } else {
                        ctx.fail(ProblemException.notFound("no enterprise with SIRET " + siret));
                    }
                })
                .onFailure(ctx::fail);
    }

    // --- search ----------------------------------------------------------------------------------------

    private void search(RoutingContext ctx) {
        RegistryQuery query = searchParameters.parse(ctx.queryParams());
        EnterpriseIndex current = index.get();
        if (current == null) {
            throw new ProblemException(503, "Service Unavailable", "the registry index is not open yet", List.of());
        }
        boolean csv = CsvWriter.wanted(ctx);
        vertx.executeBlocking(() -> current.search(query), false)
                .onSuccess(page -> {
                    if (csv) {
                        EnterpriseCsv.page(page, registry.codec()).send(ctx, "essor-enterprises.csv");
                    } else {
                        json(ctx, 200, pageJson(page, registry.codec()));
                    }
                })
                .onFailure(ctx::fail);
    }

    static JsonObject pageJson(RegistryPage page, EnterpriseJson codec) {
        JsonArray items = new JsonArray();
        for (RegistryHit hit : page.items()) {
            JsonObject item = codec.answer(hit.enterprise());
            if (hit.score() != null) {
                item.put("score", hit.score());
            }
            if (hit.distanceKm() != null) {
                item.put("distanceKm", Math.round(hit.distanceKm() * 100) / 100.0);
            }
            items.add(item);
        }
        JsonObject facets = new JsonObject();
        for (String facet : List.of(RegistryPage.FACET_CATEGORY, RegistryPage.FACET_DEPARTMENT)) {
            JsonObject counts = new JsonObject();
            page.facets().getOrDefault(facet, java.util.Map.of()).forEach(counts::put);
            facets.put(facet, counts);
        }
        return new JsonObject().put("total", page.total()).put("items", items).put("facets", facets);
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private static String pathSiret(RoutingContext ctx) {
        String siret = ctx.pathParam("siret");
        String problem = Siret.problem(siret);
        if (problem != null) {
            throw ProblemException.badRequest("\"" + siret + "\" is not a SIRET", new FieldError("siret", problem));
        }
        return siret;
    }

    private static String mediaType(RoutingContext ctx) {
        String header = ctx.request().getHeader("Content-Type");
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        String type = (semicolon < 0 ? header : header.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        if (semicolon >= 0) {
            for (String parameter : header.substring(semicolon + 1).split(";")) {
                String[] kv = parameter.strip().split("=", 2);
                if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("charset")
                        && !kv[1].strip().replace("\"", "").equalsIgnoreCase("utf-8")) {
                    throw unsupported("only UTF-8 is accepted, not charset " + kv[1].strip());
                }
            }
        }
        return type;
    }

    private static String describe(String mediaType) {
        return mediaType.isEmpty() ? "a body without Content-Type" : mediaType;
    }

    private static ProblemException unsupported(String detail) {
        return new ProblemException(415, "Unsupported Media Type", detail, List.of());
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
