package fr.essor.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Request body bounds. {@link #guard} runs first on every request and refuses a declared Content-Length past
 * the route's limit (413 before authentication, as the contract orders, without reading the body); {@link #reader} reads the body of a
 * route and stops a chunked body at the same limit. No file uploads.
 */
public final class BodyLimit {
    private final long defaultLimit;
    private final long noticeLimit;
    private final long importLimit;

    public BodyLimit(long defaultLimit, long noticeLimit, long importLimit) {
        this.defaultLimit = defaultLimit;
        this.noticeLimit = noticeLimit;
        this.importLimit = importLimit;
    }

    public long limitFor(String path) {
        if (path.equals("/api/notices")) {
            return noticeLimit;
        }
        if (path.equals("/api/enterprises/import")) {
            return importLimit;
        }
        return defaultLimit;
    }

    public Handler<RoutingContext> guard() {
        return ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null) {
                try {
                    if (Long.parseLong(length.trim()) > limitFor(ctx.request().path())) {
                        UnreadBody.fail(ctx, 413); // not read through: a client may declare any length
                        return;
                    }
                } catch (NumberFormatException e) {
                    ctx.fail(400);
                    return;
                }
            }
            ctx.next();
        };
    }

    public BodyHandler reader(String path) {
        return BodyHandler.create(false).setBodyLimit(limitFor(path));
    }

    public BodyHandler reader() {
        return BodyHandler.create(false).setBodyLimit(defaultLimit);
    }
}
