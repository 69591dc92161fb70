package fr.essor.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * The officers' page (issue 9): one HTML document and its ES modules and CSS, served from the jar's
 * {@code webroot} folder. The page's own paths ({@code /}, {@code /match}, {@code /notices/{id}} ...) all answer the
 * same {@code index.html} (history fallback), which reads the path and query itself; its files live under
 * {@code /app/}. Nothing here needs a key: the page asks for one and calls the JSON API with it. Every answer carries a
 * Content-Security-Policy allowing no inline script or style. These routes stay out of openapi.yaml.
 */
public final class PageRoutes implements RouteSet {
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    static final String WEBROOT = "webroot";
    /** The paths the page answers itself: its views, and the sign-in. */
    private static final Pattern PAGE_PATH = Pattern.compile(
            "/|/signin|/match|/notices|/notices/[A-Za-z0-9-]{1,80}|/registry|/registry/[0-9]{14}|/import");
    private static final String ASSETS = "/app/";

    private final Buffer index;

    public PageRoutes() {
        try (InputStream in = PageRoutes.class.getClassLoader().getResourceAsStream(WEBROOT + "/index.html")) {
            if (in == null) {
                throw new IllegalStateException(WEBROOT + "/index.html is missing from the classpath");
            }
            index = Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A path the page answers (a view or one of its files): cheap, never rate limited. */
    public static boolean isPageOrAsset(String path) {
        return path != null && (path.startsWith(ASSETS) || PAGE_PATH.matcher(path).matches());
    }

    @Override
    public void mount(Router router) {
        router.route(ASSETS + "*").handler(ctx -> {
            secure(ctx.response());
            // the files are not fingerprinted: a browser keeps them briefly and revalidates by ETag
            ctx.next();
        }).handler(StaticHandler.create(WEBROOT + "/app")
                .setDirectoryListing(false)
                .setIncludeHidden(false)
                .setCachingEnabled(true)
                .setMaxAgeSeconds(300)
                .setSendVaryHeader(true)
                .setDefaultContentEncoding("UTF-8"));
        // a regex route has no path of its own, so the contract tests that walk the router pass it by; limited to GET
        // and HEAD so that any other method on an unknown path still ends in the router's own 404 or 405
        router.route().pathRegex(PAGE_PATH.pattern()).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(page());
    }

    private Handler<RoutingContext> page() {
        return ctx -> {
            HttpMethod method = ctx.request().method();
            HttpServerResponse response = ctx.response();
            secure(response);
            response.putHeader("Content-Type", "text/html; charset=utf-8")
                    .putHeader("Cache-Control", "no-cache");
            if (method == HttpMethod.HEAD) {
                response.putHeader("Content-Length", Integer.toString(index.length())).end();
            } else {
                response.end(index);
            }
        };
    }

    static void secure(HttpServerResponse response) {
        response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Frame-Options", "DENY");
    }
}
