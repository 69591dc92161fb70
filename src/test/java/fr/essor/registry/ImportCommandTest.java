package fr.essor.registry;

import fr.essor.testing.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static fr.essor.registry.RegistryFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar essor.jar import FILE --format F} against a running service. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportCommandTest {
    private TestApp app;

    @BeforeAll
    void start() {
        app = TestApp.start();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ImportClient.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String url() {
        return "http://127.0.0.1:" + app.port();
    }

    @Test
    void importsTheRealFileAndListsTheRejectedLines() {
        Run run = run(Map.of("ESSOR_URL", url(), "ESSOR_API_KEYS", "admin:" + TestApp.ADMIN_KEY + ",officer:" + TestApp.OFFICER_KEY),
                LEMARCHE.toString(), "--format", "lemarche");
        assertThat(run.err()).isEmpty();
        assertThat(run.code()).isEqualTo(ImportClient.SOME_REJECTED);
        assertThat(run.out()).contains("siae_lemarche.csv: imported 3828, updated 0, unchanged 0, rejected 13")
                .contains("rejected line 2654: siret is not a valid SIRET");
        assertThat(await(app.main().services().registry().store().count())).isEqualTo(3828);
    }

    @Test
    void takesTheAdminKeyFromTheDataFoldersCredentials() throws Exception {
        Path dataDir = TestApp.tempDir();
        Files.writeString(dataDir.resolve("credentials.json"),
                new JsonObject().put("apiKeys", new JsonObject().put("admin", TestApp.ADMIN_KEY)).encode());
        Path file = dataDir.resolve("one.ndjson");
        Files.writeString(file, "{\"siret\":\"35600000010014\",\"name\":\"LA POSTE SOLIDAIRE\",\"categories\":[\"ESS_COMPANY\"],\"postcode\":\"93100\"}\n");
        Run run = run(Map.of("ESSOR_URL", url(), "ESSOR_DATA_DIR", dataDir.toString()), file.toString());
        assertThat(run.code()).as(run.err()).isEqualTo(ImportClient.OK);
        assertThat(run.out()).contains("one.ndjson: imported 1");
        assertThat(get(app, "/api/enterprises/35600000010014", TestApp.OFFICER_KEY).bodyAsJsonObject().getString("department"))
                .isEqualTo("93");
    }

    @Test
    void failsClearly() {
        Map<String, String> officerOnly = Map.of("ESSOR_URL", url(), "ESSOR_API_KEYS", "admin:wrong-key-0123456789abcdef");
        Run refused = run(officerOnly, LEMARCHE.toString(), "--format=lemarche");
        assertThat(refused.code()).isEqualTo(ImportClient.FAILED);
        assertThat(refused.err()).contains("401");

        Run unreachable = run(Map.of("ESSOR_URL", "http://127.0.0.1:1", "ESSOR_API_KEYS", "admin:" + TestApp.ADMIN_KEY),
                LEMARCHE.toString());
        assertThat(unreachable.code()).isEqualTo(ImportClient.FAILED);
        assertThat(unreachable.err()).contains("no service at http://127.0.0.1:1");

        Map<String, String> admin = Map.of("ESSOR_URL", url(), "ESSOR_API_KEYS", "admin:" + TestApp.ADMIN_KEY);
        assertThat(run(admin).code()).isEqualTo(ImportClient.USAGE);
        assertThat(run(admin, "no-such-file.csv").code()).isEqualTo(ImportClient.USAGE);
        assertThat(run(admin, LEMARCHE.toString(), "--format", "sirene").code()).isEqualTo(ImportClient.USAGE);

        Run header = run(admin, LEMARCHE.toString(), "--format", "ess-numerique");
        assertThat(header.code()).isEqualTo(ImportClient.FAILED);
        assertThat(header.err()).contains("422").contains("siret_siege: required column missing");
    }
}
