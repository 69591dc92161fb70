package fr.essor.db;

import fr.essor.testing.TestApp;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness follows the database: a PostgreSQL of the test's own (never the machine's shared server) is stopped
 * and started again under the running service.
 */
class ReadinessTest {

    @Test
    void readinessTurnsFalseWhileTheDatabaseIsAwayAndTrueWhenItReturns() throws Exception {
        Path pgDir = Files.createTempDirectory("essor-ready-pg");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedPostgres postgres = startPostgres(pgDir, port);
        String url = "postgresql://postgres@localhost:" + port + "/postgres";
        Path dataDir = TestApp.tempDir();
        try (TestApp app = TestApp.start(TestApp.defaults(dataDir, url), dataDir, url)) {
            assertThat(readyStatus(app)).isEqualTo(200);

            postgres.close();
            JsonObject down = awaitReady(app, 503);
            assertThat(down.getJsonObject("checks").getJsonObject("database").getString("status")).isEqualTo("DOWN");
            // the failing check is named to anyone; why it fails (the database's address) only to an admin key
            assertThat(down.getJsonObject("checks").getJsonObject("database").containsKey("reason")).isFalse();
            assertThat(down.encode()).doesNotContain("localhost").doesNotContain(Integer.toString(port));
            var admin = app.client().get("/health/ready").bearerTokenAuthentication(TestApp.ADMIN_KEY).send()
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(admin.statusCode()).isEqualTo(503);
            assertThat(admin.bodyAsJsonObject().getJsonObject("checks").getJsonObject("database").getString("reason"))
                    .isNotBlank();

            postgres = startPostgres(pgDir, port);
            JsonObject up = awaitReady(app, 200);
            assertThat(up.getString("status")).isEqualTo("UP");
        } finally {
            postgres.close();
        }
    }

    private static EmbeddedPostgres startPostgres(Path dir, int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port).start();
    }

    private static int readyStatus(TestApp app) throws Exception {
        return app.client().get("/health/ready").send().toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).statusCode();
    }

    /** Polls until /health/ready answers the expected status (at most 30 s), returning its body. */
    private static JsonObject awaitReady(TestApp app, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            var r = app.client().get("/health/ready").send().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (r.statusCode() == status) {
                return r.bodyAsJsonObject();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("/health/ready stayed " + r.statusCode() + ": " + r.bodyAsString());
            }
            Thread.sleep(250);
        }
    }
}
