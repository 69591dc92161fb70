package fr.essor.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Roles over real HTTP: admin includes officer and supplier; an officer or supplier on another role's route is 403; a
 * stored key is looked up after the configured ones; a feed push passes to its route.
 */
@ExtendWith(VertxExtension.class)
class AuthenticationTest {
    private static final String ADMIN = "admin-key-0123456789abcdef";
    private static final String OFFICER = "officer-key-0123456789abcdef";
    private static final String SUPPLIER = "essor_supplier-key-0123456789";
    private WebClient client;

    @BeforeEach
    void serve(Vertx vertx, VertxTestContext ctx) {
        Authentication auth = new Authentication(Map.of(Role.ADMIN, List.of(ADMIN), Role.OFFICER, List.of(OFFICER)),
                key -> key.equals(SUPPLIER) ? new Authentication.Caller(Role.SUPPLIER, "key:1", List.of("73282932000074")) : null);
        Router router = Router.router(vertx);
        router.route("/api/*").handler(auth.authenticate());
        router.get("/api/read").handler(auth.require(Role.OFFICER)).handler(c -> c.end("read"));
        router.put("/api/write").handler(auth.require(Role.ADMIN)).handler(c -> c.end("written"));
        router.post("/api/feed").handler(c -> c.end("feed"));
        router.get("/api/shared").handler(auth.require(Role.OFFICER, Role.SUPPLIER)).handler(c -> {
            Authentication.Caller caller = Authentication.caller(c);
            c.end(caller.role().token() + " " + caller.keyId() + " " + caller.sirets());
        });
        ErrorHandler errors = new ErrorHandler();
        router.route().failureHandler(errors);
        HttpServer server = vertx.createHttpServer().requestHandler(router);
        server.listen(0).onComplete(ctx.succeeding(s -> {
            client = WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions().setDefaultPort(s.actualPort()));
            ctx.completeNow();
        }));
    }

    @Test
    void officerReadsButMayNotWrite(VertxTestContext ctx) {
        var reads = ctx.checkpoint();
        var refused = ctx.checkpoint();
        client.get("/api/read").bearerTokenAuthentication(OFFICER).send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.statusCode()).isEqualTo(200);
            reads.flag();
        })));
        client.put("/api/write").bearerTokenAuthentication(OFFICER).send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            ServiceEdgeTest.assertProblem(r, 403);
            refused.flag();
        })));
    }

    @Test
    void adminDoesBoth(VertxTestContext ctx) {
        var reads = ctx.checkpoint();
        var writes = ctx.checkpoint();
        client.get("/api/read").bearerTokenAuthentication(ADMIN).send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.statusCode()).isEqualTo(200);
            reads.flag();
        })));
        client.put("/api/write").bearerTokenAuthentication(ADMIN).send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.bodyAsString()).isEqualTo("written");
            writes.flag();
        })));
    }

    @Test
    void signedFeedPushReachesItsRoute(VertxTestContext ctx) {
        client.post("/api/feed").putHeader("webhook-signature", "v1,abc").send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.bodyAsString()).isEqualTo("feed");
            ctx.completeNow();
        })));
    }

    @Test
    void aStoredSupplierKeyPassesOnlyWhereSuppliersMay(VertxTestContext ctx) {
        var reads = ctx.checkpoint();
        var refused = ctx.checkpoint();
        client.get("/api/shared").bearerTokenAuthentication(SUPPLIER).send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.bodyAsString()).isEqualTo("supplier key:1 [73282932000074]");
            reads.flag();
        })));
        client.get("/api/read").bearerTokenAuthentication(SUPPLIER).send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            ServiceEdgeTest.assertProblem(r, 403);
            refused.flag();
        })));
    }

    @Test
    void adminAndOfficerPassWhereSuppliersMay(VertxTestContext ctx) {
        var admin = ctx.checkpoint();
        var officer = ctx.checkpoint();
        client.get("/api/shared").bearerTokenAuthentication(ADMIN).send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.statusCode()).isEqualTo(200);
            admin.flag();
        })));
        client.get("/api/shared").bearerTokenAuthentication(OFFICER).send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.statusCode()).isEqualTo(200);
            officer.flag();
        })));
    }

    @Test
    void wrongSchemeIsRefused() {
        Authentication auth = new Authentication(Map.of(Role.ADMIN, List.of(ADMIN)));
        assertThat(auth.roleOf("Basic " + ADMIN)).isNull();
        assertThat(auth.roleOf("Bearer " + ADMIN)).isEqualTo(Role.ADMIN);
        assertThat(auth.roleOf("bearer " + ADMIN + " ")).isEqualTo(Role.ADMIN);
        assertThat(auth.roleOf("Bearer " + ADMIN + "x")).isNull();
    }
}
