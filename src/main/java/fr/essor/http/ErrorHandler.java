package fr.essor.http;

import fr.essor.db.DatabaseUnavailable;
import io.vertx.core.Handler;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The failure handler of every route (as vertx-web's ErrorHandlerImpl): turns a failure into problem+json.
 * Client errors say what is wrong; a database that cannot be reached is 503 with {@code Retry-After}; anything
 * unexpected is logged and answered 500 without internals.
 */
public final class ErrorHandler implements Handler<RoutingContext> {
    private static final Logger LOG = Logger.getLogger(ErrorHandler.class.getName());

    @Override
    public void handle(RoutingContext ctx) {
        handle(ctx, -1);
    }

    /**
     * The router's error handler for {@code status}: vertx-web calls it without setting the context's status when
     * routing itself fails (e.g. a path parameter or query string that is not valid percent-encoding → 400, where
     * {@code ctx.statusCode()} stays -1 and {@code ctx.failure()} null), so the status is given here.
     */
    public Handler<RoutingContext> forStatus(int status) {
        return ctx -> handle(ctx, status);
    }

    private void handle(RoutingContext ctx, int routerStatus) {
        Throwable failure = ctx.failure();
        if (failure instanceof ProblemException) {
            Problems.send(ctx, (ProblemException) failure);
            return;
        }
        if (failure instanceof StreamResetException || failure instanceof HttpClosedException || brokenConnection(failure)) {
            // the client reset its stream or closed its connection (e.g. on a stopping server's GOAWAY): nobody to answer
            LOG.log(Level.FINE, () -> "client went away during " + ctx.request().method() + " " + ctx.request().path() + ": " + failure);
            return;
        }
        if (failure != null && ctx.response().closed() && DatabaseUnavailable.in(failure) != null) {
            // nobody waits, and the database's state is logged where it is seen (readiness, the supervisor, a stop
            // closing the pool under a request whose client left: its transaction was not committed)
            LOG.fine(() -> "request " + ctx.request().method() + " " + ctx.request().path()
                    + " failed after its client went away: " + failure);
            return;
        }
        if (failure != null && ctx.response().closed()) {
            // the stream or connection is gone (a client reset, a stopping server's GOAWAY) and took the request
            // with it: what failed is reading a request nobody waits for; kept visible, not an error of the service
            LOG.log(Level.WARNING, "request " + ctx.request().method() + " " + ctx.request().path()
                    + " failed after its client went away: " + failure);
            return;
        }
        if (DatabaseUnavailable.in(failure) != null) {
            // the outage is logged where it is seen (readiness, the embedded supervisor), not once per request
            LOG.fine(() -> "503 on " + ctx.request().path() + ": " + failure.getMessage());
            ctx.response().putHeader("Retry-After", Integer.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS));
            Problems.send(ctx, 503, Problems.title(503), "the database cannot be reached just now; try again later",
                    List.of());
            return;
        }
        if (failure instanceof DecodeException) {
            Problems.send(ctx, 400, "Bad Request", "the body is not valid JSON: " + firstLine(failure.getMessage()), List.of());
            return;
        }
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : routerStatus;
        if (failure instanceof HttpException) {
            status = ((HttpException) failure).getStatusCode();
        }
        if (status == 400) {
            List<FieldError> undecodable = undecodable(ctx.request().uri());
            if (!undecodable.isEmpty()) {
                Problems.send(ctx, 400, "Bad Request", "the request URI is not valid percent-encoding", undecodable);
                return;
            }
        }
        if (status >= 400 && status < 500) {
            Problems.send(ctx, status, Problems.title(status), detailFor(status, ctx), List.of());
            return;
        }
        LOG.log(Level.SEVERE, "unexpected failure on " + ctx.request().method() + " " + ctx.request().path(), failure);
        int code = status == 503 ? 503 : 500;
        Problems.send(ctx, code, Problems.title(code), "the server could not answer this request; it has been logged", List.of());
    }

    /**
     * The server's handler of requests Netty could not decode, as Vert.x's default (414 request line too long, 431
     * headers too large, otherwise 400, e.g. a control character in a header; then the connection is closed) but
     * answered as problem+json.
     */
    public static void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status = 400;
        String detail = "the request could not be decoded as HTTP/1.1 (e.g. a control character in a header)";
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            detail = "the request line is longer than this server accepts";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            detail = "the request headers are larger than this server accepts";
        }
        request.response().setStatusCode(status).putHeader("Connection", "close")
                .putHeader("Content-Type", Problems.CONTENT_TYPE)
                .end(Problems.body(status, Problems.title(status), detail, List.of()).encode())
                .onComplete(done -> request.connection().close());
    }

    static String detailFor(int status, RoutingContext ctx) {
        switch (status) {
            case 401: return "a valid Authorization: Bearer <key> header is required";
            case 403: return "this key's role may not do this";
            case 404: return "no resource at " + ctx.request().path();
            case 405: return ctx.request().method() + " is not allowed on " + ctx.request().path();
            case 413: return "the request body is larger than this route accepts";
            case 415: return "this content type is not accepted here";
            default: return Problems.title(status);
        }
    }

    /** The parts of a request URI that are not valid percent-encoding (e.g. {@code %zz}): "path", or each bad query parameter. */
    static List<FieldError> undecodable(String uri) {
        List<FieldError> errors = new ArrayList<>();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        if (!decodes(path)) {
            errors.add(new FieldError("path", "not valid percent-encoding"));
        }
        if (q >= 0) {
            for (String pair : uri.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                if (!decodes(pair.replace('=', 'x'))) {
                    errors.add(new FieldError(decodes(name) ? URLDecoder.decode(name, StandardCharsets.UTF_8) : "query",
                            "not valid percent-encoding"));
                }
            }
        }
        return errors;
    }

    private static boolean decodes(String s) {
        try {
            URLDecoder.decode(s, StandardCharsets.UTF_8);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /**
     * The client's connection broke under the request (a peer gone: broken pipe, reset, a closed channel): the
     * transport failed, not the service. Only those; an I/O error of the service's own (a full disk) stays an error.
     */
    static boolean brokenConnection(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DatabaseUnavailable) {
                // what broke below is the database's connection (a killed server: "Broken pipe"), not the client's,
                // and the client waits for its 503; taken for the client's, it was never answered (a push hung until
                // its client gave up: EmbeddedDatabaseOutageIT, once in a few runs)
                return false;
            }
            if (t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
            if (t instanceof io.netty.handler.codec.http2.Http2Exception) {
                // an HTTP/2 connection error from the peer (e.g. RST_STREAM for a stream a stopping server already
                // closed): Netty answers GOAWAY and closes the connection, so nobody waits for an answer
                return true;
            }
            if (t instanceof java.io.IOException && t.getMessage() != null
                    && (t.getMessage().contains("Broken pipe") || t.getMessage().contains("Connection reset by peer"))) {
                return true;
            }
        }
        return false;
    }
}
