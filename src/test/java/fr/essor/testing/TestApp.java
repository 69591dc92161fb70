package fr.essor.testing;

import fr.essor.Main;
import fr.essor.MainVerticle;
import fr.essor.config.EssorConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The whole service, started in-process on a random port with a fresh database and data folder, as a user would
 * run it. Set-up code (not Vert.x threads), so it may block.
 */
public final class TestApp implements AutoCloseable {
    public static final String ADMIN_KEY = "test-admin-key-0123456789";
    public static final String OFFICER_KEY = "test-officer-key-0123456789";

    private final Vertx vertx;
    private final MainVerticle main;
    private final Path dataDir;
    private final String dbUrl;
    private final WebClient client;

    private TestApp(Vertx vertx, MainVerticle main, Path dataDir, String dbUrl) {
        this.vertx = vertx;
        this.main = main;
        this.dataDir = dataDir;
        this.dbUrl = dbUrl;
        this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost").setDefaultPort(main.httpPort()));
    }

    /** Defaults for tests: no seed, known keys, a feed secret; {@code overrides} win (deep merge). */
    public static JsonObject defaults(Path dataDir, String dbUrl) {
        return new JsonObject()
                .put("http", new JsonObject().put("port", 0).put("host", "127.0.0.1").put("shutdownGraceSeconds", 1))
                .put("db", new JsonObject().put("url", dbUrl))
                .put("dataDir", dataDir.toString())
                .put("seed", false)
                .put("auth", new JsonObject().put("apiKeys", "admin:" + ADMIN_KEY + ",officer:" + OFFICER_KEY))
                .put("feeds", new JsonObject().put("secrets", "test:whsec_dGVzdC1mZWVkLXNlY3JldC0wMTIzNDU2Nzg5"));
    }

    /** Overrides that turn the rate limits off (benchmarks driving HTTP; never the tests' default). */
    public static JsonObject rateLimitsOff() {
        return new JsonObject().put("http", new JsonObject().put("rateLimits", new JsonObject().put("enabled", false)));
    }

    public static TestApp start() {
        return start(new JsonObject());
    }

    public static TestApp start(JsonObject overrides) {
        Path dataDir = tempDir();
        String dbUrl = TestDatabases.freshDatabaseUrl();
        return start(defaults(dataDir, dbUrl).mergeIn(overrides, true), dataDir, dbUrl);
    }

    /** Starts on the given configuration (e.g. the same data folder and database again). */
    public static TestApp start(JsonObject config, Path dataDir, String dbUrl) {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = Main.newVertx(metrics);
        MainVerticle main = new MainVerticle(EssorConfig.of(config), metrics);
        try {
            vertx.deployVerticle(main).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("the service did not start", e);
        }
        return new TestApp(vertx, main, dataDir, dbUrl);
    }

    public static Path tempDir() {
        try {
            return Files.createTempDirectory("essor-test-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Vertx vertx() {
        return vertx;
    }

    public MainVerticle main() {
        return main;
    }

    public WebClient client() {
        return client;
    }

    public int port() {
        return main.httpPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    public String dbUrl() {
        return dbUrl;
    }

    /** Blocks on a future from set-up or test code (never a Vert.x thread). */
    public static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
        }
    }

    /** Imports a registry file through the API (admin) and waits until the index shows it. */
    public JsonObject importRegistry(Path file, String format) {
        try {
            var response = await(client.post("/api/enterprises/import").addQueryParam("format", format)
                    .putHeader("Content-Type", "text/csv").bearerTokenAuthentication(ADMIN_KEY)
                    .sendBuffer(io.vertx.core.buffer.Buffer.buffer(Files.readAllBytes(file))));
            if (response.statusCode() != 200) {
                throw new IllegalStateException("import answered " + response.statusCode() + ": " + response.bodyAsString());
            }
            var services = main.services();
            await(services.registryIndex().awaitChange(await(services.registry().store().lastChange())));
            return response.bodyAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            // in order, as SIGTERM does: HTTP drains, workers finish, the index closes, then the pool
            main.shutdown().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the service did not stop", e);
        }
    }
}
