package fr.essor.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a request whose body is left unread (a push refused on its headers, a body declared too large): the
 * request is paused, the answer written, then the HTTP/1.x connection closed. Before closing, what the client is
 * still sending is dropped for at most {@link #LINGER_MS}: a client busy uploading then reads the answer instead of a
 * connection reset, and one that stalls or sends without end is cut off. Nothing of the body is kept.
 */
public final class UnreadBody {
    static final long LINGER_MS = 1_000;

    private UnreadBody() {
    }

    /** Fails the request (the error handler renders it) without reading its body. */
    public static void fail(RoutingContext ctx, Throwable failure) {
        closeAfterAnswer(ctx);
        ctx.fail(failure);
    }

    /** Fails the request with a status (the error handler renders it) without reading its body. */
    public static void fail(RoutingContext ctx, int status) {
        closeAfterAnswer(ctx);
        ctx.fail(status);
    }

    /** Pauses the request and, unless it has already ended, closes the connection after the answer. */
    public static void closeAfterAnswer(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        request.pause();
        if (request.isEnded() || request.version() == HttpVersion.HTTP_2) {
            return; // HTTP/2: the stream's flow-control window bounds what the client can still send
        }
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        ctx.addEndHandler(ar -> linger(ctx, request));
    }

    private static void linger(RoutingContext ctx, HttpServerRequest request) {
        if (request.isEnded()) {
            request.connection().close();
            return;
        }
        long timer = ctx.vertx().setTimer(LINGER_MS, t -> request.connection().close());
        request.handler(dropped -> {
        }).endHandler(v -> {
            ctx.vertx().cancelTimer(timer);
            request.connection().close();
        });
        request.resume();
    }
}
