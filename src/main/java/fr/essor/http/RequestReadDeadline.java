package fr.essor.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * A request with a body must have sent all of it within {@code millis} of its headers: a client that trickles or
 * stops its body gets 408 and the connection is closed (what it still sends cannot be framed anymore), so it cannot
 * hold a connection and a buffer open at will. Requests without a body (a GET, a server-sent event stream) are left
 * alone: they may be answered for as long as the route likes.
 */
final class RequestReadDeadline implements Handler<RoutingContext> {
    private final long millis;

    RequestReadDeadline(long millis) {
        this.millis = millis;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded() || !hasBody(request)) {
            ctx.next();
            return;
        }
        long timer = ctx.vertx().setTimer(millis, t -> expire(ctx));
        ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
        ctx.next();
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length != null) {
            return !length.trim().equals("0");
        }
        return request.getHeader("Transfer-Encoding") != null || request.version() == HttpVersion.HTTP_2;
    }

    private void expire(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded() || ctx.response().ended()) {
            return;
        }
        boolean http1 = request.version() != HttpVersion.HTTP_2;
        if (ctx.response().headWritten()) {
            closeOrReset(ctx, http1);
            return;
        }
        String detail = "the request body did not arrive within " + (millis / 1000.0) + " s";
        String body = Problems.body(408, Problems.title(408), detail, List.of()).put("instance", request.path()).encode();
        if (http1) {
            ctx.response().putHeader("Connection", "close");
        }
        ctx.response().setStatusCode(408).putHeader("Content-Type", Problems.CONTENT_TYPE)
                .end(body).onComplete(v -> closeOrReset(ctx, http1));
    }

    private static void closeOrReset(RoutingContext ctx, boolean http1) {
        if (http1) {
            ctx.request().connection().close();
        } else {
            ctx.response().reset();
        }
    }
}
