package fr.essor.notice;

import fr.essor.http.Authentication;
import fr.essor.http.BodyLimit;
import fr.essor.http.ProblemException;
import fr.essor.http.Role;
import fr.essor.http.UnreadBody;
import fr.essor.reference.Geography;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /api/notices} (a feed's signed push, or an admin's upload), {@code GET /api/notices} (search) and
 * {@code GET /api/notices/{id}} (officer or supplier). A malformed id answers 404: there is no notice at that address.
 */
public final class NoticeRoutes {
    private static final String PATH = "/api/notices";

    private final NoticeIngestion ingestion;
    private final NoticeSearch search;
    private final FeedSignature signature;
    private final Geography geography;
    private final BodyLimit bodyLimit;
    private final Authentication authentication;

    public NoticeRoutes(NoticeIngestion ingestion, NoticeSearch search, FeedSignature signature, Geography geography,
                        BodyLimit bodyLimit, Authentication authentication) {
        this.ingestion = ingestion;
        this.search = search;
        this.signature = signature;
        this.geography = geography;
        this.bodyLimit = bodyLimit;
        this.authentication = authentication;
    }

    public void mount(Router router) {
        // who may push is settled on the headers, before a byte of the body is read; vertx-web wants a body
        // handler first on its route, so the check is a route of its own, matched first
        router.post(PATH).handler(this::admit);
        router.post(PATH).handler(bodyLimit.reader(PATH)).handler(this::post);
        router.get(PATH).handler(authentication.require(Role.OFFICER, Role.SUPPLIER)).handler(this::list);
        router.get(PATH + "/:id").handler(authentication.require(Role.OFFICER, Role.SUPPLIER)).handler(this::one);
    }

    /**
     * Before the body: any key but an admin's is refused (403); a feed's push must name a known feed, carry the webhook
     * headers and a timestamp within the window (401); a webhook-id that feed already sent is answered as a duplicate
     * (200). None of these reads the body, and the connection is closed after the answer. The signature over the
     * raw body is checked once it is read ({@link #post}).
     */
    private void admit(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        Role role = ctx.get(Authentication.ROLE_KEY);
        if (role != null) {
            if (role.includes(Role.ADMIN)) {
                ctx.next();
            } else {
                UnreadBody.fail(ctx, new HttpException(403)); // a Bearer key: only an admin uploads notices by hand
            }
            return;
        }
        FeedSignature.Delivery delivery;
        try {
            delivery = signature.admit(req.getHeader("X-Feed-Id"), req.getHeader("webhook-id"),
                    req.getHeader("webhook-timestamp"), req.getHeader("webhook-signature"));
        } catch (ProblemException e) {
            UnreadBody.fail(ctx, e);
            return;
        }
        req.pause(); // the body waits in the socket while the replay store answers; the body handler resumes it
        ingestion.store().delivered(delivery).onComplete(ar -> {
            if (ar.failed()) {
                UnreadBody.fail(ctx, ar.cause());
            } else if (ar.result().isPresent()) {
                UnreadBody.closeAfterAnswer(ctx);
                answer(ctx, Future.succeededFuture(IngestResult.replay(ar.result().get())));
            } else {
                ctx.next();
            }
        });
    }

    private void post(RoutingContext ctx) {
        Role role = ctx.get(Authentication.ROLE_KEY);
        HttpServerRequest req = ctx.request();
        String contentType = req.getHeader("Content-Type");
        Buffer body = ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
        if (role != null) {
            ingestion.ingest(contentType, body, null, "admin").onComplete(ar -> answer(ctx, ar)); // an admin, see admit
            return;
        }
        String feedId = req.getHeader("X-Feed-Id");
        String webhookId = req.getHeader("webhook-id");
        String timestamp = req.getHeader("webhook-timestamp");
        String signatures = req.getHeader("webhook-signature");
        // an HMAC over up to 16 MiB is too long for the event loop: checked on the worker that parses the body;
        // a replay racing this one is settled when storing
        ingestion.ingestSigned(contentType, body,
                        () -> signature.verify(feedId, webhookId, timestamp, signatures, body.getBytes()))
                .onComplete(ar -> answer(ctx, ar));
    }

    private static void answer(RoutingContext ctx, io.vertx.core.AsyncResult<IngestResult> ar) {
        if (ar.failed()) {
            ctx.fail(ar.cause());
            return;
        }
        IngestResult result = ar.result();
        ctx.response().setStatusCode(result.status())
                .putHeader("Content-Type", "application/json")
                .end(result.toJson().encode());
    }

    private void list(RoutingContext ctx) {
        NoticeQuery query = NoticeQuery.from(params(ctx.queryParams()), geography);
        search.search(query).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else {
                ctx.response().putHeader("Content-Type", "application/json").end(ar.result().toJson().encode());
            }
        });
    }

    private void one(RoutingContext ctx) {
        UUID id = uuid(ctx.pathParam("id"));
        if (id == null) {
            ctx.fail(ProblemException.notFound("no notice has the id " + abbreviate(ctx.pathParam("id"))
                    + " (essor's notice ids are UUIDs)"));
            return;
        }
        search.find(id).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result().isEmpty()) {
                ctx.fail(ProblemException.notFound("no notice has the id " + id));
            } else {
                ctx.response().putHeader("Content-Type", "application/json").end(ar.result().get().encode());
            }
        });
    }

    /** The UUID of a path segment, or null when it is not one (the routes then answer 404). */
    public static UUID uuid(String text) {
        if (text == null || !text.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            return null;
        }
        return UUID.fromString(text);
    }

    private static Map<String, List<String>> params(MultiMap query) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String name : query.names()) {
            params.put(name, query.getAll(name));
        }
        return params;
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
