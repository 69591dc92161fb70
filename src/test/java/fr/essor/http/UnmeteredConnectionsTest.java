package fr.essor.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.essor.Main;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.impl.ConnectionBase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connection accepted before Vert.x 5.0.7 made its server's metrics has no socket metric (the race is a matter of
 * microseconds at listen, so the test puts a connection in that state itself, on a real server with essor's
 * Micrometer metrics): without {@link UnmeteredConnections} its request is never answered; with it, the request is
 * answered and counted.
 */
class UnmeteredConnectionsTest {
    private PrometheusMeterRegistry registry;
    private Vertx vertx;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        vertx = Main.newVertx(registry);
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void aConnectionLeftWithoutItsMetricIsAnsweredAndCounted() throws Exception {
        int port = serve(connection -> {
            withoutMetric(connection);
            UnmeteredConnections.repair(connection);
        });

        HttpResponse<String> answer = client.send(get(port, Duration.ofSeconds(10)), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("answered");
        Counter requests = registry.find("vertx.http.server.requests").counter();
        assertThat(requests).isNotNull();
        assertThat(requests.count()).isEqualTo(1.0);
    }

    @Test
    void aConnectionGivenItsMetricIsLeftAlone() throws Exception {
        Object[] metric = new Object[2];
        int port = serve(connection -> {
            metric[0] = ((ConnectionBase) connection).metric();
            UnmeteredConnections.repair(connection);
            metric[1] = ((ConnectionBase) connection).metric();
        });

        assertThat(client.send(get(port, Duration.ofSeconds(10)), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(metric[0]).isNotNull();
        assertThat(metric[1]).isSameAs(metric[0]);
    }

    /** Why the repair exists: should a Vert.x upgrade answer such a request by itself, this fails and the class can go. */
    @Test
    void withoutTheRepairVertxNeverAnswersIt() throws Exception {
        int port = serve(UnmeteredConnectionsTest::withoutMetric);

        assertThatThrownBy(() -> client.send(get(port, Duration.ofSeconds(2)), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
    }

    /** The state the listen race leaves a connection in. */
    private static void withoutMetric(HttpConnection connection) {
        ((ConnectionBase) connection).metric(null);
    }

    private int serve(Handler<HttpConnection> onConnection) {
        HttpServer server = vertx.createHttpServer().connectionHandler(onConnection)
                .requestHandler(request -> request.response().end("answered"));
        return server.listen(0, "127.0.0.1").await().actualPort();
    }

    private static HttpRequest get(int port, Duration timeout) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(timeout).build();
    }
}
