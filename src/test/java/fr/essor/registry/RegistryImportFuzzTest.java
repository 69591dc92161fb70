package fr.essor.registry;

import fr.essor.http.ProblemException;
import fr.essor.registry.imports.ImportFormat;
import fr.essor.registry.imports.ParsedImport;
import fr.essor.registry.imports.Rejection;
import fr.essor.registry.imports.RegistryFileReader;
import fr.essor.testing.Fixtures;
import fr.essor.testing.Mutation;
import fr.essor.testing.TestApp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static fr.essor.registry.RegistryFixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing POST /api/enterprises/import (admin) with the real Le marché de l'inclusion file (its first 40 lines),
 * damaged (see {@link Mutation}): never a 5xx; never half an import line — the enterprises stored afterwards are
 * exactly those stored before plus the SIRETs of the lines the reader accepts on its own (read here in-process), the
 * answer names exactly the lines it rejects, and a refused file stores nothing. The seed is fixed (printed in
 * jqwik's report).
 */
class RegistryImportFuzzTest {
    static final String SEED = "1100110011";

    private static TestApp app;
    private static byte[] file;

    @BeforeContainer
    static void start() throws Exception {
        System.out.println("RegistryImportFuzzTest: jqwik seed " + SEED);
        app = TestApp.start();
        byte[] whole = java.nio.file.Files.readAllBytes(Fixtures.IDF_REGISTRY);
        int lines = 0;
        int end = 0;
        while (end < whole.length && lines < 41) {
            if (whole[end++] == '\n') lines++;
        }
        file = Arrays.copyOf(whole, end);
    }

    @AfterContainer
    static void stop() {
        app.close();
    }

    @Property(tries = 60, seed = SEED)
    void aDamagedCsvNeverFailsAndStoresWholeLinesOnly(@ForAll("mutations") List<Mutation> damage) throws Exception {
        byte[] body = Mutation.applyAll(file, damage);
        ParsedImport expected;
        int refusedWith = 0;
        try {
            expected = new RegistryFileReader(app.main().services().registry().codec()).readCsv(
                    new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)),
                    ImportFormat.LEMARCHE);
        } catch (ProblemException e) {
            expected = null;
            refusedWith = e.status();
        }
        Set<String> before = storedSirets();

        HttpResponse<Buffer> r = RegistryFixtures.importFile(app, Buffer.buffer(body), "lemarche", "text/csv");
        Statistics.label("status").collect(r.statusCode());
        assertThat(r.statusCode()).as("after %s: %s", damage, r.bodyAsString()).isLessThan(500);

        Set<String> after = storedSirets();
        if (expected == null) {
            assertThat(r.statusCode()).as("the file the reader refuses").isEqualTo(refusedWith);
        }
        if (r.statusCode() != 200) {
            assertThat(after).as("a refused file stores nothing").isEqualTo(before);
            return;
        }
        JsonObject answer = r.bodyAsJsonObject();
        Set<String> accepted = expected.rows().stream().map(row -> row.enterprise().siret()).collect(Collectors.toSet());
        Set<String> union = new TreeSet<>(before);
        union.addAll(accepted);
        assertThat(after).as("stored after %s", damage).isEqualTo(union);
        assertThat(answer.getJsonArray("rejected").stream().map(o -> ((JsonObject) o).getInteger("line")).toList())
                .isEqualTo(expected.rejected().stream().map(Rejection::line).toList());
        assertThat(answer.getLong("imported")).isEqualTo(accepted.stream().filter(s -> !before.contains(s)).count());
        Statistics.label("lines taken").collect(expected.rows().size() >= 35 ? "35+" : expected.rows().isEmpty() ? "0" : "1-34");
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Mutation.some();
    }

    private static Set<String> storedSirets() {
        Set<String> sirets = new TreeSet<>();
        for (Row row : await(app.main().services().database().pool().query("SELECT siret FROM enterprise").execute())) {
            sirets.add(row.getString(0));
        }
        return sirets;
    }

}
