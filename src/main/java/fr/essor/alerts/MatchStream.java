package fr.essor.alerts;

import fr.essor.config.Topics;
import fr.essor.http.Authentication;
import fr.essor.http.FieldError;
import fr.essor.http.ProblemException;
import fr.essor.http.Role;
import fr.essor.http.RouteSet;
import fr.essor.registry.Siret;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

/**
 * {@code GET /api/stream}: server-sent events, one {@code match} event per new match, as the alert verticle
 * publishes them. {@code siret} narrows the stream to one enterprise; a malformed one (bad percent-encoding, not 14
 * digits) answers 400 naming it, before the stream opens. A comment every 15 s keeps proxies from closing an idle
 * stream.
 */
public final class MatchStream implements RouteSet {
    private static final long HEARTBEAT_MS = 15_000;

    private final EventBus eventBus;
    private final Authentication authentication;

    public MatchStream(EventBus eventBus, Authentication authentication) {
        this.eventBus = eventBus;
        this.authentication = authentication;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/stream").handler(authentication.require(Role.OFFICER, Role.SUPPLIER)).handler(this::stream);
    }

    private void stream(RoutingContext ctx) {
        String siret = siret(ctx.request().query());
        Predicate<String> asked = siret == null ? s -> true : siret::equals;
        Authentication.Caller caller = Authentication.caller(ctx);
        // a supplier streams its own matches only (DESIGN.md section 5)
        Predicate<String> wanted = caller != null && caller.role() == Role.SUPPLIER
                ? asked.and(caller.sirets()::contains) : asked;
        HttpServerResponse response = ctx.response()
                .setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.write(": essor match stream\n\n");
        MessageConsumer<JsonObject> consumer = eventBus.consumer(Topics.MATCH_EVENTS, message -> {
            JsonObject event = message.body();
            if (!wanted.test(event.getJsonObject("match", new JsonObject()).getString("siret"))) {
                return;
            }
            if (response.closed()) {
                return;
            }
            if (response.writeQueueFull()) {
                // a reader this far behind reconnects rather than silently missing events
                ctx.request().connection().close();
                return;
            }
            response.write("id: " + event.getString("eventId") + "\nevent: match\ndata: " + event.encode() + "\n\n");
        });
        long heartbeat = ctx.vertx().setPeriodic(HEARTBEAT_MS, t -> {
            if (!response.closed()) {
                response.write(": keep-alive\n\n");
            }
        });
        response.closeHandler(v -> {
            ctx.vertx().cancelTimer(heartbeat);
            consumer.unregister();
        });
    }

    /**
     * The {@code siret} query parameter, or null; decoded here rather than through the request's parameters, whose
     * decoder throws on a bad escape such as {@code %zz} (a 500 otherwise).
     */
    static String siret(String query) {
        if (query == null) {
            return null;
        }
        String found = null;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (!(eq < 0 ? pair : pair.substring(0, eq)).equals("siret")) {
                continue;
            }
            String value;
            try {
                value = URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("siret is not a valid percent-encoded value", new FieldError("siret", "malformed percent-encoding"));
            }
            if (found != null) {
                throw ProblemException.badRequest("give one siret", new FieldError("siret", "given more than once"));
            }
            found = value.trim();
            if (!Siret.isValid(found)) {
                throw ProblemException.badRequest("siret is not a SIRET", new FieldError("siret", Siret.problem(found)));
            }
        }
        return found;
    }
}
