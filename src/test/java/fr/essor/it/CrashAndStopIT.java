package fr.essor.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.lucene.index.CheckIndex;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar broken for real, on one data folder and its embedded PostgreSQL: kill -9 (of the service and of
 * its database) in the middle of a registry import with signed pushes, then right after an import while the index
 * has not committed its catch-up; SIGTERM under pushes, searches and an import. After each, the jar restarts on the
 * same data: every acknowledged notice is there and gets matched, an import is whole per batch (500 rows) or absent,
 * the index is clean (CheckIndex), holds as many enterprises as PostgreSQL and answers as a rebuilt one does.
 */
class CrashAndStopIT {
    private static final Path SDK = Path.of("../shared/data/notices/eforms-sdk");
    private static final Path SIAE = Path.of("../shared/data/registry/siae_lemarche.csv");
    private static final int IMPORT_BATCH = 500;
    private static final int SIAE_ROWS = 3828;
    private static final List<String> SEARCHES = List.of("q=" + EssorJar.q("nettoyage") + "&department=75&size=100",
            "q=" + EssorJar.q("menuiserie") + "&size=100", "q=" + EssorJar.q("espaces verts") + "&department=69&size=100",
            "category=EI&department=13&size=100");

    @Test
    void nothingAcknowledgedIsLostThroughCrashesAndStops() throws Exception {
        List<byte[]> notices = notices();
        EssorJar jar = new EssorJar(Files.createTempDirectory("essor-crash-it"), Map.of(), List.of()).start();
        List<String> acknowledged = new ArrayList<>();
        try {
            // 1. kill -9 mid-import, signed pushes running
            Load load = new Load(jar, notices).withImport(0);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((load.acknowledged.size() < 10 || enterprisesInPostgres(jar) == 0) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long beforeCrash = enterprisesInPostgres(jar);
            jar.crash();
            System.out.printf("kill -9 with %d pushes acknowledged and %d enterprise rows committed%n", load.acknowledged.size(), beforeCrash);
            acknowledged.addAll(load.stop());
            assertThat(checkIndex(jar)).as("index clean after kill -9").isTrue();
            jar.start();
            long afterCrash = enterprisesInPostgres(jar);
            assertThat(afterCrash % IMPORT_BATCH == 0 || afterCrash == SIAE_ROWS)
                    .as("import whole per batch or absent: %d rows", afterCrash).isTrue();
            assertPresentAndMatched(jar, acknowledged);
            assertIndexCount(jar);

            // 2. kill -9 right after a whole import answered: the index has not committed its catch-up yet
            HttpResponse<String> imported = jar.importRegistry(SIAE, "lemarche");
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
            jar.crash();
            assertThat(checkIndex(jar)).as("index clean after kill -9 during catch-up").isTrue();
            jar.start();
            assertThat(enterprisesInPostgres(jar)).isEqualTo(SIAE_ROWS);
            assertIndexCount(jar);

            // 3. SIGTERM under pushes, searches and an import
            load = new Load(jar, notices).withImport(300).withSearches();
            long loaded = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (load.acknowledged.size() < 20 && System.nanoTime() < loaded) {
                Thread.sleep(20);
            }
            long stopping = System.nanoTime();
            jar.process.destroy();
            assertThat(jar.process.waitFor(10, TimeUnit.SECONDS)).as("stopped within 10 s; log:%n%s", jar.logText()).isTrue();
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
            acknowledged.addAll(load.stop());
            assertThat(jar.process.exitValue()).as("exit on SIGTERM").isEqualTo(143);
            String stopLog = jar.logText();
            assertThat(stopLog.lines().filter(l -> l.contains("SEVERE") || l.contains("ERROR") || l.contains("AlreadyClosed")
                    || l.contains("Pool closed"))).as("no error while stopping; log:%n%s", stopLog).isEmpty();
            assertThat(stopLog).contains("essor stopped");
            assertThat(load.statuses).as("no 5xx but the 503 of a stopping service").allMatch(s -> s < 500 || s == 503);
            System.out.printf("SIGTERM under load: stopped in %d ms; %d notices acknowledged in all; answers seen %s%n",
                    stopMillis, acknowledged.size(), new TreeSet<>(load.statuses));
            assertThat(dataDir(jar).resolve("pg/postmaster.pid")).as("embedded PostgreSQL stopped").doesNotExist();

            jar.start();
            assertPresentAndMatched(jar, acknowledged);
            assertIndexAgrees(jar);
        } finally {
            jar.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            if (jar.process.exitValue() != 143 && Files.exists(jar.dataDir.resolve("pg/postmaster.pid"))) {
                jar.crash();
            }
        }
    }

    private static Path dataDir(EssorJar jar) {
        return jar.dataDir;
    }

    /** Every acknowledged notice is found, and its automatic matching finishes (90 s at most: 2 at a time, by default). */
    private static void assertPresentAndMatched(EssorJar jar, List<String> ids) throws Exception {
        assertThat(ids).isNotEmpty();
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(90);
        for (String id : ids) {
            assertThat(jar.get("/api/notices/" + id, EssorJar.OFFICER).statusCode()).as("acknowledged notice %s", id).isEqualTo(200);
            String status;
            do {
                HttpResponse<String> matches = jar.get("/api/notices/" + id + "/matches", EssorJar.OFFICER);
                assertThat(matches.statusCode()).isEqualTo(200);
                status = new JsonObject(matches.body()).getString("status");
                if (!"done".equals(status)) {
                    Thread.sleep(100);
                }
            } while (!"done".equals(status) && System.nanoTime() < deadline);
            assertThat(status).as("notice %s matched after restart", id).isEqualTo("done");
        }
        System.out.printf("%d acknowledged notices there and matched %d ms after the restart%n", ids.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * The index holds what PostgreSQL holds (once caught up), and answers a few searches as the index rebuilt from
     * PostgreSQL does: stopped, its folder removed, started again. Leaves the jar running.
     */
    private static void assertIndexAgrees(EssorJar jar) throws Exception {
        long rows = assertIndexCount(jar);
        List<Object> before = SEARCHES.stream().map(s -> answer(jar.search(s))).toList();
        jar.process.destroy();
        assertThat(jar.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(checkIndex(jar)).as("index clean after stop").isTrue();
        try (Stream<Path> files = Files.walk(jar.dataDir.resolve("index"))) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        jar.start();
        assertThat(jar.search("size=1").getLong("total")).as("rebuilt count").isEqualTo(rows);
        assertThat(SEARCHES.stream().map(s -> answer(jar.search(s))).toList()).as("same answers as a rebuild").isEqualTo(before);
    }

    /** The index, caught up, holds as many enterprises as PostgreSQL; that count. */
    private static long assertIndexCount(EssorJar jar) throws Exception {
        long rows = enterprisesInPostgres(jar);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (jar.search("size=1").getLong("total") != rows && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(jar.search("size=1").getLong("total")).as("index count = enterprise rows").isEqualTo(rows);
        return rows;
    }

    /** What a search answers that a rebuild must give again: the total and the SIRETs (order aside: scores see deleted documents). */
    private static Object answer(JsonObject page) {
        Set<String> sirets = new TreeSet<>();
        JsonArray items = page.getJsonArray("items");
        items.forEach(i -> sirets.add(((JsonObject) i).getString("siret")));
        return List.of(page.getLong("total"), page.getLong("total") <= 100 ? sirets : Set.of());
    }

    private static boolean checkIndex(EssorJar jar) throws Exception {
        try (FSDirectory dir = FSDirectory.open(jar.dataDir.resolve("index")); CheckIndex check = new CheckIndex(dir)) {
            check.setInfoStream(null);
            return check.checkIndex().clean;
        }
    }

    private static long enterprisesInPostgres(EssorJar jar) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + jar.pgPort() + "/postgres", "postgres", "postgres");
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM enterprise")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<byte[]> notices() throws Exception {
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(SDK)) {
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith("INVALID_") && !name.startsWith("X0")) {
                    out.add(Files.readAllBytes(p));
                }
            }
        }
        return out;
    }

    /** Signed pushes on 3 lanes (and, asked, searches and an import) until stopped; the ids of the acknowledged pushes. */
    private static final class Load {
        private final EssorJar jar;
        private final AtomicBoolean running = new AtomicBoolean(true);
        final ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
        private final List<CompletableFuture<Void>> lanes = new ArrayList<>();

        Load(EssorJar jar, List<byte[]> notices) {
            this.jar = jar;
            AtomicInteger next = new AtomicInteger();
            for (int lane = 0; lane < 3; lane++) {
                lanes.add(CompletableFuture.runAsync(() -> {
                    while (running.get()) {
                        HttpResponse<String> r = jar.push(notices.get(next.getAndIncrement() % notices.size()));
                        record(r.statusCode());
                        if (r.statusCode() / 100 == 2) {
                            new JsonObject(r.body()).getJsonArray("notices").forEach(n -> acknowledged.add(((JsonObject) n).getString("id")));
                        }
                    }
                }));
            }
        }

        private void record(int status) {
            if (status != 0) {
                statuses.add(status);
            }
        }

        Load withImport(long afterMillis) {
            lanes.add(CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(afterMillis);
                    record(jar.importRegistry(SIAE, "lemarche").statusCode());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
            return this;
        }

        Load withSearches() {
            lanes.add(CompletableFuture.runAsync(() -> {
                while (running.get()) {
                    record(jar.get("/api/enterprises?" + SEARCHES.get(0), EssorJar.OFFICER).statusCode());
                }
            }));
            return this;
        }

        List<String> stop() throws Exception {
            running.set(false);
            CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            return new ArrayList<>(acknowledged);
        }
    }
}
