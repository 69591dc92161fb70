package fr.essor.alerts;

import fr.essor.config.EssorConfig;
import fr.essor.config.Topics;
import fr.essor.http.Authentication;
import fr.essor.http.BodyLimit;
import fr.essor.http.FieldError;
import fr.essor.http.JsonBodies;
import fr.essor.http.ProblemException;
import fr.essor.http.QueryParameters;
import fr.essor.http.Role;
import fr.essor.http.RouteSet;
import fr.essor.matching.MatchRequest;
import fr.essor.matching.MatchingConfig;
import fr.essor.notice.NoticeRoutes;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.Siret;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST/GET /api/subscriptions}, {@code GET/DELETE /api/subscriptions/{id}}, {@code GET .../{id}/deliveries},
 * {@code POST .../{id}/ping} and {@code POST .../{id}/rotate-secret} (officer or supplier). A subscription is a saved query
 * (validated as a {@code POST /api/match} body) or an enterprise SIRET, never both, with an https callback that may
 * not point at the service's own host or a private network ({@link CallbackPolicy}). Creation answers 201 with the
 * subscription's own signing secret, shown this once (and once again on each rotation).
 * <p>
 * A subscription belongs to the key that made it: a caller sees, changes and deletes only its own (an admin sees
 * all), and another's id answers 404 like an unknown one, so ids are never confirmed. An owner has at most
 * {@code alerts.maxSubscriptionsPerOwner}.
 */
public final class SubscriptionRoutes implements RouteSet {
    private static final String PATH = "/api/subscriptions";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Vertx vertx;
    private final SubscriptionStore store;
    private final MatchingConfig matchingConfig;
    private final ReferenceData reference;
    private final Authentication authentication;
    private final BodyLimit bodyLimit;
    private final CallbackPolicy callbacks;
    private final int maxPerOwner;

    public SubscriptionRoutes(Vertx vertx, SubscriptionStore store, MatchingConfig matchingConfig, ReferenceData reference,
                              Authentication authentication, BodyLimit bodyLimit, EssorConfig config) {
        this(vertx, store, matchingConfig, reference, authentication, bodyLimit, CallbackPolicy.from(config), maxPerOwner(config));
    }

    SubscriptionRoutes(Vertx vertx, SubscriptionStore store, MatchingConfig matchingConfig, ReferenceData reference,
                       Authentication authentication, BodyLimit bodyLimit, CallbackPolicy callbacks, int maxPerOwner) {
        this.vertx = vertx;
        this.store = store;
        this.matchingConfig = matchingConfig;
        this.reference = reference;
        this.authentication = authentication;
        this.bodyLimit = bodyLimit;
        this.callbacks = callbacks;
        this.maxPerOwner = maxPerOwner;
    }

    /** {@code alerts.maxSubscriptionsPerOwner}: how many subscriptions one key may hold. */
    static int maxPerOwner(EssorConfig config) {
        return config.intIn("alerts.maxSubscriptionsPerOwner", 1, 1_000_000);
    }

    @Override
    public void mount(Router router) {
        // the role is checked on a first route, the body read on a second (vertx-web wants a body handler first)
        router.post(PATH).handler(authentication.require(Role.OFFICER, Role.SUPPLIER));
        router.post(PATH).handler(bodyLimit.reader()).handler(this::create);
        router.get(PATH).handler(authentication.require(Role.OFFICER, Role.SUPPLIER)).handler(this::list);
        router.get(PATH + "/:id").handler(authentication.require(Role.OFFICER, Role.SUPPLIER)).handler(this::one);
        router.delete(PATH + "/:id").handler(authentication.require(Role.OFFICER, Role.SUPPLIER)).handler(this::delete);
        router.get(PATH + "/:id/deliveries").handler(authentication.require(Role.OFFICER, Role.SUPPLIER)).handler(this::deliveries);
        // no body is taken; it is read (within the usual limit) and ignored, as for any POST
        router.post(PATH + "/:id/ping").handler(authentication.require(Role.OFFICER, Role.SUPPLIER));
        router.post(PATH + "/:id/ping").handler(bodyLimit.reader()).handler(this::ping);
        router.post(PATH + "/:id/rotate-secret").handler(authentication.require(Role.OFFICER, Role.SUPPLIER));
        router.post(PATH + "/:id/rotate-secret").handler(bodyLimit.reader()).handler(this::rotateSecret);
    }

    private SubscriptionStore.Viewer viewer(RoutingContext ctx) {
        Authentication.Caller caller = authentication.callerOf(ctx);
        return new SubscriptionStore.Viewer(caller.keyId(), caller.role() == Role.ADMIN);
    }

    private void create(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        Authentication.Caller caller = authentication.callerOf(ctx);
        String owner = caller.keyId();
        Object siret = body.getValue("siret");
        if (caller.role() == Role.SUPPLIER && siret != null && !caller.sirets().contains(siret)) {
            // a supplier hears of its own enterprises' matches (or of saved queries), not of another's
            ctx.fail(new ProblemException(403, "Forbidden", "a supplier key subscribes to its own SIRETs only",
                    List.of(new FieldError("siret", "not one of this key's SIRETs"))));
            return;
        }
        vertx.executeBlocking(() -> validate(body, owner), false)
                .compose(s -> store.create(s, maxPerOwner))
                .onSuccess(created -> {
                    if (created.isEmpty()) {
                        ctx.fail(ProblemException.unprocessable("a key may hold at most " + maxPerOwner + " subscriptions; delete one first",
                                List.of(new FieldError("subscriptions", "at most " + maxPerOwner + " per key (alerts.maxSubscriptionsPerOwner)"))));
                        return;
                    }
                    Subscription s = created.get();
                    ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                            .putHeader("Location", PATH + "/" + s.id()).end(s.toJson(true).encode());
                })
                .onFailure(ctx::fail);
    }

    /** The subscription a body describes, owned by {@code owner}, or a 422 naming every field at fault. */
    Subscription validate(JsonObject body, String owner) {
        List<FieldError> errors = new ArrayList<>();
        Object query = body.getValue("query");
        Object siret = body.getValue("siret");
        if ((query == null) == (siret == null)) {
            errors.add(new FieldError(query == null ? "query" : "siret", "give either a query or a siret, not both nor neither"));
        }
        if (query != null) {
            if (!(query instanceof JsonObject)) {
                errors.add(new FieldError("query", "must be an object: the body of POST /api/match"));
            } else {
                try {
                    MatchRequest.parse((JsonObject) query, matchingConfig, reference, Clock.systemUTC());
                } catch (ProblemException e) {
                    e.errors().forEach(err -> errors.add(new FieldError("query." + err.field(), err.message())));
                }
                if (((JsonObject) query).encode().contains("\\u0000")) { // stored as jsonb, which refuses NUL
                    errors.add(new FieldError("query", "must not contain a NUL character (\\u0000)"));
                }
            }
        }
        if (siret != null && !(siret instanceof String && Siret.isValid((String) siret))) {
            errors.add(new FieldError("siret", siret instanceof String ? Siret.problem((String) siret) : "must be a string of 14 digits"));
        }
        String callback = body.getValue("callbackUrl") instanceof String ? body.getString("callbackUrl") : null;
        String callbackProblem = body.containsKey("callbackUrl") && callback == null ? "must be a string: the https URL alerts are pushed to"
                : callbacks.problem(callback);
        if (callbackProblem != null) {
            errors.add(new FieldError("callbackUrl", callbackProblem));
        }
        for (String field : body.fieldNames()) {
            if (!List.of("query", "siret", "callbackUrl").contains(field)) {
                errors.add(new FieldError(field, "unknown field"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.unprocessable("the subscription is not valid", errors);
        }
        Subscription.Kind kind = query != null ? Subscription.Kind.QUERY : Subscription.Kind.ENTERPRISE;
        return new Subscription(UUID.randomUUID(), kind, query == null ? null : (JsonObject) query,
                siret == null ? null : (String) siret, callback, newSecret(), owner, null);
    }

    private static String newSecret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }

    private void list(RoutingContext ctx) {
        int page = QueryParameters.integer(ctx, "page", 0, 0, 100_000);
        int size = QueryParameters.integer(ctx, "size", 20, 1, 100);
        store.list(page, size, viewer(ctx)).onSuccess(p -> {
            JsonArray items = new JsonArray();
            p.items().forEach(s -> items.add(s.toJson(false)));
            ctx.json(new JsonObject().put("total", p.total()).put("items", items));
        }).onFailure(ctx::fail);
    }

    private void one(RoutingContext ctx) {
        id(ctx).compose(id -> store.find(id, viewer(ctx))).onSuccess(found -> {
            if (found.isEmpty()) {
                ctx.fail(notFound(ctx));
            } else {
                ctx.json(found.get().toJson(false));
            }
        }).onFailure(ctx::fail);
    }

    /** The latest pushes to the callback, newest first, each with its last attempt and (while pending) its next try. */
    private void deliveries(RoutingContext ctx) {
        int size = QueryParameters.integer(ctx, "size", 20, 1, 100);
        id(ctx).compose(id -> store.find(id, viewer(ctx)))
                .compose(found -> found.isEmpty() ? Future.failedFuture(notFound(ctx)) : store.deliveries(found.get().id(), size))
                .onSuccess(list -> {
                    JsonArray items = new JsonArray();
                    list.forEach(d -> items.add(d.toJson()));
                    ctx.json(new JsonObject().put("items", items));
                })
                .onFailure(ctx::fail);
    }

    /** Queues one signed {@code ping} event; the dispatcher sends it like any alert (same checks, same retries). */
    private void ping(RoutingContext ctx) {
        id(ctx).compose(id -> store.ping(id, viewer(ctx))).onSuccess(delivery -> {
            if (delivery.isEmpty()) {
                ctx.fail(notFound(ctx));
                return;
            }
            vertx.eventBus().publish(Topics.DELIVERIES_DUE, null);
            ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                    .putHeader("Location", PATH + "/" + ctx.pathParam("id") + "/deliveries")
                    .end(new JsonObject().put("deliveryId", delivery.get().toString()).put("status", "pending").encode());
        }).onFailure(ctx::fail);
    }

    /** A new signing secret, answered this once; pushes claimed from now on are signed with it. */
    private void rotateSecret(RoutingContext ctx) {
        id(ctx).compose(id -> store.rotateSecret(id, viewer(ctx), newSecret())).onSuccess(found -> {
            if (found.isEmpty()) {
                ctx.fail(notFound(ctx));
            } else {
                ctx.json(found.get().toJson(true));
            }
        }).onFailure(ctx::fail);
    }

    private void delete(RoutingContext ctx) {
        id(ctx).compose(id -> store.delete(id, viewer(ctx))).onSuccess(deleted -> {
            if (deleted) {
                ctx.response().setStatusCode(204).end();
            } else {
                ctx.fail(notFound(ctx));
            }
        }).onFailure(ctx::fail);
    }

    private static Future<UUID> id(RoutingContext ctx) {
        UUID id = NoticeRoutes.uuid(ctx.pathParam("id"));
        return id == null ? Future.failedFuture(notFound(ctx)) : Future.succeededFuture(id);
    }

    /** Unknown and another owner's read the same, so an id is never confirmed. */
    private static ProblemException notFound(RoutingContext ctx) {
        return ProblemException.notFound("no subscription has the id " + ctx.pathParam("id"));
    }
}
