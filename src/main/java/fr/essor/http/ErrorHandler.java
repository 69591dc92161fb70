package fr.essor.http;

import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The failure handler of every route (as vertx-web's ErrorHandlerImpl): turns a failure into problem+json.
 * Client errors say what is wrong; anything unexpected is logged and answered 500 without internals.
 */
public final class ErrorHandler implements Handler<RoutingContext> {
    private static final Logger LOG = Logger.getLogger(ErrorHandler.class.getName());

    @Override
    public void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof ProblemException) {
            Problems.send(ctx, (ProblemException) failure);
            return;
        }
        if (failure instanceof DecodeException) {
            Problems.send(ctx, 400, "Bad Request", "the body is not valid JSON: " + firstLine(failure.getMessage()), List.of());
            return;
        }
        int status = ctx.statusCode();
        if (failure instanceof HttpException) {
            status = ((HttpException) failure).getStatusCode();
        }
        if (status >= 400 && status < 500) {
            Problems.send(ctx, status, Problems.title(status), detailFor(status, ctx), List.of());
            return;
        }
        LOG.log(Level.SEVERE, "unexpected failure on " + ctx.request().method() + " " + ctx.request().path(), failure);
        int code = status == 503 ? 503 : 500;
        Problems.send(ctx, code, Problems.title(code), "the server could not answer this request; it has been logged", List.of());
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

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
