package fr.essor.db;

import fr.essor.testing.TestApp;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service with no database configured runs its own PostgreSQL 17 in the data folder: data survives a restart
 * and migrations are not applied twice.
 */
class RestartTest {

    @Test
    void embeddedDatabaseKeepsDataAcrossRestarts() throws Exception {
        Path dataDir = TestApp.tempDir();
        JsonObject config = TestApp.defaults(dataDir, null);

        int migrationsFirst;
        try (TestApp first = TestApp.start(config, dataDir, null)) {
            assertThat(Files.isDirectory(dataDir.resolve("pg"))).isTrue();
            var pool = first.main().services().database().pool();
            await(pool.preparedQuery("INSERT INTO service_state(key, value) VALUES ($1, $2)")
                    .execute(Tuple.of("restart-test", new JsonObject().put("n", 1))));
            migrationsFirst = countMigrations(first);
        }

        try (TestApp second = TestApp.start(config, dataDir, null)) {
            var pool = second.main().services().database().pool();
            Row row = await(pool.preparedQuery("SELECT value FROM service_state WHERE key = $1")
                    .execute(Tuple.of("restart-test"))).iterator().next();
            assertThat(row.getJsonObject("value").getInteger("n")).isEqualTo(1);
            assertThat(countMigrations(second)).isEqualTo(migrationsFirst).isPositive();
        }
    }

    private static int countMigrations(TestApp app) throws Exception {
        var rows = await(app.main().services().database().pool()
                .query("SELECT count(*) AS n FROM flyway_schema_history WHERE success").execute());
        return rows.iterator().next().getInteger("n");
    }

    static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
