package fr.essor.it;

import fr.essor.db.BackupCommand;
import fr.essor.notice.FeedSignature;
import fr.essor.testing.Fixtures;
import fr.essor.testing.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static fr.essor.testing.TestApp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar target/essor.jar backup FILE} of a service that imported a real registry slice and matched two real
 * TED notices, then {@code restore FILE} into a fresh data folder (its own embedded PostgreSQL, started by the command):
 * the service started there gives the same answers (a search, an ad hoc match, the notice list, each notice and its
 * stored matches) once its index is rebuilt. A second restore into that now non-empty database is refused, and a
 * missing or truncated file is told apart, with exit code 1 and nothing loaded.
 */
class BackupRestoreIT {
    private static final String FEED_SECRET = "whsec_dGVzdC1mZWVkLXNlY3JldC0wMTIzNDU2Nzg5";
    private static final List<Path> NOTICES = List.of(
            Path.of("../shared/data/notices/eforms-ted/eforms_sdk_v1.3/eform_subtype_23/634805-2022.xml"),
            Path.of("../shared/data/notices/eforms-ted/eforms_sdk_v1.7/eform_subtype_16/309890-2023.xml"));
    private static final JsonObject LOT = new JsonObject().put("text", "nettoyage de bureaux")
            .put("cpv", new JsonArray().add("90910000")).put("place", new JsonObject().put("postcode", "93100")).put("size", 30);

    @Test
    void aBackupRestoredIntoAFreshDataFolderGivesTheSameAnswers() throws Exception {
        Path work = Files.createTempDirectory("essor-backup-it");
        Path backup = work.resolve("essor.backup");
        Map<String, String> before;
        List<String> noticeIds = new ArrayList<>();
        String sourceDb;
        Path sourceData;
        try (TestApp app = TestApp.start()) {
            sourceDb = app.dbUrl();
            sourceData = app.dataDir();
            app.importRegistry(Fixtures.IDF_REGISTRY, "lemarche");
            for (Path notice : NOTICES) {
                HttpResponse<Buffer> pushed = push(app, Files.readAllBytes(notice));
                assertThat(pushed.statusCode()).as(pushed.bodyAsString()).isEqualTo(202);
                noticeIds.add(pushed.bodyAsJsonObject().getJsonArray("notices").getJsonObject(0).getString("id"));
            }
            for (String id : noticeIds) {
                awaitMatched(app, id);
            }
            before = answers(app, noticeIds);
        }

        Command made = essor(work, Map.of("ESSOR_DB_URL", sourceDb, "ESSOR_DATA_DIR", sourceData.toString()), "backup", backup.toString());
        assertThat(made.exit).as(made.output).isZero();
        assertThat(made.output).contains("schema version");

        Path fresh = work.resolve("fresh-data");
        Command restored = essor(work, Map.of("ESSOR_DATA_DIR", fresh.toString()), "restore", backup.toString());
        assertThat(restored.exit).as(restored.output).isZero();
        assertThat(fresh.resolve("pg/PG_VERSION")).as("restored into the fresh folder's embedded PostgreSQL").exists();

        JsonObject config = TestApp.defaults(fresh, null);
        try (TestApp app = TestApp.start(config, fresh, null)) {
            Map<String, String> after = awaitSame(app, noticeIds, before);
            assertThat(after).isEqualTo(before);
        }

        // the refusals run in-process: the jar would only add a JVM start to each
        Command again = inProcess(Map.of("ESSOR_DATA_DIR", fresh.toString()), "restore", backup.toString());
        assertThat(again.exit).as(again.output).isEqualTo(1);
        assertThat(again.output).contains("is not empty");

        Path other = work.resolve("other");
        Command missing = inProcess(Map.of("ESSOR_DATA_DIR", other.toString()), "restore", work.resolve("nope").toString());
        assertThat(missing.exit).as(missing.output).isEqualTo(1);
        assertThat(missing.output).contains("no such file");

        Path truncated = work.resolve("truncated.backup");
        byte[] whole = Files.readAllBytes(backup);
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length * 2 / 3));
        Command cut = inProcess(Map.of("ESSOR_DATA_DIR", other.toString()), "restore", truncated.toString());
        assertThat(cut.exit).as(cut.output).isEqualTo(1);
        assertThat(cut.output).contains("truncated");
        assertThat(other).as("nothing started for a missing or damaged file").doesNotExist();
    }

    private static HttpResponse<Buffer> push(TestApp app, byte[] body) {
        String id = "backup-it-" + UUID.randomUUID();
        String ts = Long.toString(Instant.now().getEpochSecond());
        return await(app.client().post("/api/notices").putHeader("Content-Type", "application/xml")
                .putHeader("X-Feed-Id", "test").putHeader("webhook-id", id).putHeader("webhook-timestamp", ts)
                .putHeader("webhook-signature", FeedSignature.header(FEED_SECRET, id, ts, body))
                .sendBuffer(Buffer.buffer(body)));
    }

    private static void awaitMatched(TestApp app, String id) throws InterruptedException {
        for (int i = 0; i < 240; i++) {
            HttpResponse<Buffer> r = await(app.client().get("/api/notices/" + id + "/matches?size=50")
                    .bearerTokenAuthentication(TestApp.OFFICER_KEY).send());
            if ("done".equals(r.bodyAsJsonObject().getString("status"))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("notice " + id + " not matched within 60 s");
    }

    /** What an officer would read: a search, an ad hoc match, the notice list, each notice and its matches. */
    private static Map<String, String> answers(TestApp app, List<String> noticeIds) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("search", get(app, "/api/enterprises?q=nettoyage&near=48.86,2.44&radiusKm=20&size=50"));
        out.put("match", answer(await(app.client().post("/api/match").bearerTokenAuthentication(TestApp.OFFICER_KEY).sendJsonObject(LOT))));
        out.put("notices", get(app, "/api/notices?size=50"));
        for (String id : noticeIds) {
            out.put("notice " + id, get(app, "/api/notices/" + id));
            out.put("matches " + id, get(app, "/api/notices/" + id + "/matches?size=50"));
        }
        return out;
    }

    /** The restored service rebuilds its index at start: its answers are compared once they settle (60 s at most). */
    private static Map<String, String> awaitSame(TestApp app, List<String> noticeIds, Map<String, String> expected)
            throws InterruptedException {
        Map<String, String> last = null;
        for (int i = 0; i < 120; i++) {
            last = answers(app, noticeIds);
            if (last.equals(expected)) {
                return last;
            }
            Thread.sleep(500);
        }
        return last;
    }

    private static String get(TestApp app, String uri) {
        return answer(await(app.client().get(uri).bearerTokenAuthentication(TestApp.OFFICER_KEY).send()));
    }

    private static String answer(HttpResponse<Buffer> r) {
        return r.statusCode() + " " + r.bodyAsString();
    }

    private record Command(int exit, String output) {
    }

    private static Command inProcess(Map<String, String> env, String verb, String file) {
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(text, true, StandardCharsets.UTF_8);
        int exit = BackupCommand.run(verb, new String[] {file}, env, out, out);
        return new Command(exit, text.toString(StandardCharsets.UTF_8));
    }

    /** The packaged jar run as a command, ESSOR_* variables only those given; 120 s at most. */
    private static Command essor(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", Path.of("target/essor.jar").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "command", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("ESSOR_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("essor " + String.join(" ", args) + " did not end within 120 s: " + Files.readString(log));
        }
        return new Command(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
