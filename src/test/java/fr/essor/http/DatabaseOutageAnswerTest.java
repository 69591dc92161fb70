package fr.essor.http;

import fr.essor.db.DatabaseUnavailable;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request that fails because the database's connection broke (a killed server answers "Broken pipe" or "Connection
 * reset by peer" on the database's socket) is answered 503 with Retry-After, over HTTP/1.1 and HTTP/2: the broken
 * connection is the database's, not the client's, who is still there waiting. Taken for the client's, it was left
 * unanswered until the client gave up.
 */
@ExtendWith(VertxExtension.class)
class DatabaseOutageAnswerTest {
    private int port;

    @BeforeEach
    void serve(Vertx vertx, VertxTestContext ctx) {
        Router router = Router.router(vertx);
        router.post("/api/notices").handler(c -> vertx.setTimer(5, t -> c.fail(new DatabaseUnavailable(
                "the database cannot be reached: Broken pipe", new IOException("Broken pipe")))));
        router.get("/api/enterprises").handler(c -> c.fail(new DatabaseUnavailable(
                "the database cannot be reached: Connection reset by peer", new IOException("Connection reset by peer"))));
        router.route().failureHandler(new ErrorHandler());
        vertx.createHttpServer().requestHandler(router).listen(0).onComplete(ctx.succeeding(s -> {
            port = s.actualPort();
            ctx.completeNow();
        }));
    }

    @Test
    @Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
    void aBrokenDatabaseConnectionIsAnswered503OverHttp1AndHttp2(Vertx vertx, VertxTestContext ctx) {
        var http1Push = ctx.checkpoint();
        var http1Search = ctx.checkpoint();
        var http2Push = ctx.checkpoint();
        var http2Search = ctx.checkpoint();
        WebClient http1 = WebClient.create(vertx, new WebClientOptions().setDefaultPort(port));
        WebClient http2 = WebClient.create(vertx, new WebClientOptions().setDefaultPort(port)
                .setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false));
        for (WebClient client : new WebClient[] {http1, http2}) {
            var push = client == http1 ? http1Push : http2Push;
            var search = client == http1 ? http1Search : http2Search;
            client.post("/api/notices").sendBuffer(io.vertx.core.buffer.Buffer.buffer("{\"sourceId\":\"x\"}"))
                    .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                        assertThat(r.version()).isEqualTo(client == http1 ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_2);
                        ServiceEdgeTest.assertProblem(r, 503);
                        assertThat(r.getHeader("Retry-After")).isEqualTo(Integer.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS));
                        push.flag();
                    })));
            client.get("/api/enterprises").send().onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                ServiceEdgeTest.assertProblem(r, 503);
                assertThat(r.getHeader("Retry-After")).isNotNull();
                search.flag();
            })));
        }
    }
}
