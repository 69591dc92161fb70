package fr.essor.registry;

import fr.essor.testing.TestApp;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Blocking helpers for tests that drive a whole {@link TestApp} over HTTP (test threads, not Vert.x ones). */
final class RegistryFixtures {
    static final Path LEMARCHE = Path.of("../shared/data/registry/siae_lemarche.csv");
    static final Path ESS_NUMERIQUE = Path.of("../shared/data/registry/ess_numerique.csv");

    private RegistryFixtures() {
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Buffer file(Path path) {
        try {
            return Buffer.buffer(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpResponse<Buffer> importFile(TestApp app, Buffer body, String format, String contentType) {
        return await(app.client().post("/api/enterprises/import")
                .addQueryParam("format", format)
                .putHeader("Authorization", "Bearer " + TestApp.ADMIN_KEY)
                .putHeader("Content-Type", contentType)
                .sendBuffer(body));
    }

    static JsonObject importOk(TestApp app, Path path, String format) {
        HttpResponse<Buffer> response = importFile(app, file(path), format, "text/csv");
        if (response.statusCode() != 200) {
            throw new AssertionError("import answered " + response.statusCode() + ": " + response.bodyAsString());
        }
        return response.bodyAsJsonObject();
    }

    static HttpResponse<Buffer> get(TestApp app, String uri, String key) {
        return await(app.client().get(uri).putHeader("Authorization", "Bearer " + key).send());
    }

    /** Waits until the index shows every change committed so far. */
    static void awaitIndex(TestApp app) {
        long last = await(app.main().services().registry().store().lastChange());
        await(app.main().services().registryIndex().awaitChange(last));
    }

    static long lastChange(TestApp app) {
        return await(app.main().services().registry().store().lastChange());
    }
}
