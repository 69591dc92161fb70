package fr.essor.it;

import fr.essor.testing.TestDatabases;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The index folder on a 1 MiB tmpfs (the jar runs inside its own mount namespace: {@code unshare -m}, as root): a
 * registry import is taken by PostgreSQL and answered without a 5xx while the index cannot write it, readiness says
 * why, searches keep answering from the last index; once the tmpfs is made bigger the index catches up to
 * PostgreSQL by itself. Required when {@code CI=true} (CI runs as root); elsewhere skipped with the reason.
 */
class IndexDiskFullIT {
    private static final Path SIAE = Path.of("../shared/data/registry/siae_lemarche.csv");

    @Test
    void aFullIndexDiskLosesNothingAndCatchesUpOnceThereIsSpace() throws Exception {
        String skip = "needs CI=true (root, unshare -m and mount -t tmpfs); CI=" + System.getenv("CI");
        if (!"true".equals(System.getenv("CI"))) {
            System.out.println("IndexDiskFullIT skipped: " + skip);
        }
        Assumptions.assumeTrue("true".equals(System.getenv("CI")), skip);

        Path home = Files.createTempDirectory("essor-diskfull-it");
        Path index = home.resolve("data/index");
        Files.createDirectories(index);
        // sh gets the index folder as $0 and the java command line as "$@"
        List<String> wrapper = List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs -o size=1m essor-index \"$0\" && exec \"$@\"", index.toString());
        EssorJar jar = new EssorJar(home, Map.of("ESSOR_DB_URL", TestDatabases.freshDatabaseUrl()), wrapper).start();
        try {
            HttpResponse<String> imported = jar.importRegistry(SIAE, "lemarche");
            assertThat(imported.statusCode()).as("the import is PostgreSQL's: %s", imported.body()).isEqualTo(200);

            HttpResponse<String> ready = waitFor(jar, r -> r.statusCode() == 503 && r.body().contains("No space left on device"));
            assertThat(ready.body()).as("readiness says why (to an admin)").contains("index not writable").contains("No space left on device");
            System.out.println("readiness with the index disk full: " + ready.body());
            assertThat(jar.get("/api/enterprises?q=" + EssorJar.q("nettoyage"), EssorJar.OFFICER).statusCode())
                    .as("searches answer from the last index").isEqualTo(200);
            assertThat(jar.importRegistry(SIAE, "lemarche").statusCode()).as("a second import, the disk still full").isEqualTo(200);

            Process remount = new ProcessBuilder("nsenter", "-t", Long.toString(jar.process.pid()), "-m",
                    "mount", "-o", "remount,size=256m", index.toString()).inheritIO().start();
            assertThat(remount.waitFor(10, TimeUnit.SECONDS) && remount.exitValue() == 0).as("tmpfs made bigger").isTrue();

            waitFor(jar, r -> r.statusCode() == 200);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (jar.search("size=1").getLong("total") != 3828 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(jar.search("size=1").getLong("total")).as("the index caught up with PostgreSQL").isEqualTo(3828);

            jar.process.destroy();
            assertThat(jar.process.waitFor(10, TimeUnit.SECONDS)).as("stops within 10 s").isTrue();
            assertThat(jar.logText().lines().filter(l -> l.contains("SEVERE") || l.contains("AlreadyClosed")))
                    .as("a full disk is a warning, not an error; log:%n%s", jar.logText()).isEmpty();
        } finally {
            jar.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** /health/ready until it answers as wanted (30 s at most); the last answer. */
    private static HttpResponse<String> waitFor(EssorJar jar, java.util.function.Predicate<HttpResponse<String>> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        HttpResponse<String> r = jar.get("/health/ready", EssorJar.ADMIN);
        while (!wanted.test(r) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            r = jar.get("/health/ready", EssorJar.ADMIN);
        }
        assertThat(wanted.test(r)).as("readiness: %d %s; log:%n%s", r.statusCode(), r.body(), jar.logText()).isTrue();
        return r;
    }
}
