package fr.essor.matching;

import fr.essor.http.Authentication;
import fr.essor.http.BodyLimit;
import fr.essor.http.CsvWriter;
import fr.essor.http.JsonBodies;
import fr.essor.http.ProblemException;
import fr.essor.http.QueryParameters;
import fr.essor.http.Role;
import fr.essor.http.RouteSet;
import fr.essor.notice.NoticeJson;
import fr.essor.notice.NoticeRoutes;
import fr.essor.notice.NoticeSearch;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Matching over HTTP (officer): ad hoc lots ({@code POST /api/match}, {@code POST /api/reservability}) and stored
 * notices ({@code GET /api/notices/{id}/matches}, which a supplier may read too, {@code /reservability}). Matching
 * runs on workers.
 */
public final class MatchRoutes implements RouteSet {
    private final Vertx vertx;
    private final MatchingService matching;
    private final MatchStore store;
    private final NoticeSearch notices;
    private final Authentication authentication;
    private final BodyLimit bodyLimit;

    public MatchRoutes(Vertx vertx, MatchingService matching, MatchStore store, NoticeSearch notices,
                       Authentication authentication, BodyLimit bodyLimit) {
        this.vertx = vertx;
        this.matching = matching;
        this.store = store;
        this.notices = notices;
        this.authentication = authentication;
        this.bodyLimit = bodyLimit;
    }

    @Override
    public void mount(Router router) {
        // the role is checked on a first route, the body read on a second (vertx-web wants a body handler first)
        router.post("/api/match").handler(authentication.require(Role.OFFICER));
        router.post("/api/match").handler(bodyLimit.reader()).handler(this::match);
        router.post("/api/reservability").handler(authentication.require(Role.OFFICER));
        router.post("/api/reservability").handler(bodyLimit.reader()).handler(ctx -> adHoc(ctx, body -> matching.reservability(body).toBuffer()));
        router.get("/api/notices/:id/matches").handler(authentication.require(Role.OFFICER, Role.SUPPLIER)).handler(this::matches);
        router.get("/api/notices/:id/reservability").handler(authentication.require(Role.OFFICER)).handler(this::reservability);
    }

    /** JSON, or the same page as CSV when the Accept header prefers text/csv. */
    private void match(RoutingContext ctx) {
        if (!CsvWriter.wanted(ctx)) {
            adHoc(ctx, body -> Buffer.buffer(matching.match(body)));
            return;
        }
        JsonObject body = JsonBodies.object(ctx);
        vertx.executeBlocking(() -> matching.matchCsv(body), false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else {
                ar.result().send(ctx, "essor-match.csv");
            }
        });
    }

    /** The work and its JSON writing on a worker: a page of explained items is the largest JSON the loop would encode. */
    private void adHoc(RoutingContext ctx, Function<JsonObject, Buffer> work) {
        JsonObject body = JsonBodies.object(ctx);
        vertx.executeBlocking(() -> work.apply(body), false).onComplete(ar -> answer(ctx, ar));
    }

    /** JSON written on a worker, or the failure. */
    private static void answer(RoutingContext ctx, AsyncResult<Buffer> json) {
        if (json.failed()) {
            ctx.fail(json.cause());
        } else {
            ctx.response().putHeader("Content-Type", "application/json").end(json.result());
        }
    }

    private void matches(RoutingContext ctx) {
        String lot = ctx.queryParams().get("lot");
        int size = QueryParameters.integer(ctx, "size", MatchRequest.DEFAULT_SIZE, 1, MatchRequest.MAX_SIZE);
        // the stored ranking is at most MatchRequest.MAX_DEPTH deep
        int page = QueryParameters.integer(ctx, "page", 0, 0, MatchRequest.MAX_DEPTH - 1);
        // a supplier sees its own matches only (DESIGN.md section 5)
        Authentication.Caller caller = Authentication.caller(ctx);
        List<String> own = caller != null && caller.role() == Role.SUPPLIER ? caller.sirets() : null;
        // the stored items parsed and the page written on a worker: a notice of many lots holds up to 100 items of each
        notice(ctx).compose(id -> store.read(id, lot, own, page, size))
                .compose(stored -> vertx.executeBlocking(() -> stored.toJson().toBuffer(), false))
                .onComplete(ar -> answer(ctx, ar));
    }

    private void reservability(RoutingContext ctx) {
        notice(ctx).compose(notices::find)
                .compose(found -> vertx.executeBlocking(() -> matching.reservability(NoticeJson.fromJson(found.orElseThrow())).toBuffer(), false))
                .onComplete(ar -> answer(ctx, ar));
    }

    /** The notice's id once it is known to exist; 404 otherwise. */
    private Future<UUID> notice(RoutingContext ctx) {
        UUID id = NoticeRoutes.uuid(ctx.pathParam("id"));
        if (id == null) {
            return Future.failedFuture(ProblemException.notFound("no notice has the id " + ctx.pathParam("id")));
        }
        return notices.find(id).compose(found -> found.isPresent() ? Future.succeededFuture(id)
                : Future.failedFuture(ProblemException.notFound("no notice has the id " + id)));
    }
}
