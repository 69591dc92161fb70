package fr.essor.alerts;

import fr.essor.config.Topics;
import fr.essor.http.Authentication;
import fr.essor.http.Role;
import fr.essor.http.RouteSet;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /api/stream}: server-sent events, one {@code match} event per new match, as the alert verticle
 * publishes them. {@code siret} narrows the stream to one enterprise. A comment every 15 s keeps proxies from closing
 * an idle stream.
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
        String siret = ctx.request().getParam("siret");
        HttpServerResponse response = ctx.response()
                .setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.write(": essor match stream\n\n");
        MessageConsumer<JsonObject> consumer = eventBus.consumer(Topics.MATCH_EVENTS, message -> {
            JsonObject event = message.body();
            if (siret != null && !siret.equals(event.getJsonObject("match", new JsonObject()).getString("siret"))) {
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
}
