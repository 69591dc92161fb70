package fr.essor.bench;

import fr.essor.reference.ReferenceData;
import fr.essor.registry.EnterpriseJson;
import fr.essor.registry.RawCsv;
import fr.essor.registry.imports.ImportFormat;
import fr.essor.registry.imports.ParsedImport;
import fr.essor.registry.imports.RegistryFileReader;
import fr.essor.testing.TestApp;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Registry import and index rates, end to end through the running service (HTTP import → PostgreSQL batches →
 * REGISTRY_CHANGED → index catch-up → searchable): for the two real files and for a generated registry of 200,000
 * enterprises drawn from the real distributions (categories, NAF codes, communes with their coordinates); then the
 * time to rebuild the index from PostgreSQL after its folder is deleted. Baseline, in the same run: the raw parse
 * rate of the same file (no database, no index).
 *
 * <p>{@code bench/run registry}; arguments: [generated size, default 200000]. Real PostgreSQL (embedded 17, or
 * {@code ESSOR_TEST_DB_URL}), real on-disk index.
 */
public final class RegistryImportBench {
    private static final Path LEMARCHE = Path.of("../shared/data/registry/siae_lemarche.csv");
    private static final Path ESS_NUMERIQUE = Path.of("../shared/data/registry/ess_numerique.csv");

    public static void main(String[] args) throws Exception {
        int generatedSize = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path work = Files.createTempDirectory("essor-bench-registry");
        Path generated = work.resolve("generated.csv");
        long seed = 20_261_126L;
        int written = Generator.write(generated, generatedSize, new Random(seed));
        System.out.printf(Locale.ROOT, "generated registry: %,d enterprises (%d MB), seed %d%n", written,
                Files.size(generated) >> 20, seed);

        RegistryFileReader reader = new RegistryFileReader(new EnterpriseJson(ReferenceData.get()));
        List<Row> rows = new ArrayList<>();
        // the bench measures imports, not the edge: limits off, as ESSOR_RATE_LIMITS=off does
        System.out.println("rate limits: off for this bench (http.rateLimits.enabled=false)");
        try (TestApp app = TestApp.start(TestApp.rateLimitsOff())) {
            rows.add(measure(app, reader, "siae_lemarche.csv", LEMARCHE, ImportFormat.LEMARCHE));
            rows.add(measure(app, reader, "ess_numerique.csv", ESS_NUMERIQUE, ImportFormat.ESS_NUMERIQUE));
            rows.add(measure(app, reader, "generated " + written, generated, ImportFormat.ESSOR));
            rows.add(measure(app, reader, "siae_lemarche.csv again", LEMARCHE, ImportFormat.LEMARCHE));

            JsonObject config = TestApp.defaults(app.dataDir(), app.dbUrl()).mergeIn(TestApp.rateLimitsOff(), true);
            Path dataDir = app.dataDir();
            String db = app.dbUrl();
            long total = await(app.main().services().registry().store().count());
            app.close();
            deleteTree(dataDir.resolve("index"));
            long started = System.nanoTime();
            try (TestApp again = TestApp.start(config, dataDir, db)) {
                await(again.main().services().registryIndex().firstCatchUp());
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.println();
                print(rows);
                System.out.printf(Locale.ROOT, "%nrebuild of the index from PostgreSQL (start with the index folder deleted → "
                        + "searchable): %,d enterprises in %.1f s = %,.0f enterprises/s%n", total, seconds, total / seconds);
                System.out.printf(Locale.ROOT, "machine: %d cores, JVM max heap %d MB%n",
                        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
            }
        } finally {
            deleteTree(work);
        }
    }

    private record Row(String name, int lines, int stored, double parseRate, double importSeconds, double indexedSeconds,
                       JsonObject summary) {
    }

    /** Parse baseline, then the HTTP import (answered after commit), then until the index shows it. */
    private static Row measure(TestApp app, RegistryFileReader reader, String name, Path file, ImportFormat format)
            throws IOException {
        ParsedImport parsed = null;
        long parseNanos = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) { // best of 3: the JIT warms up on the first
            long t = System.nanoTime();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                parsed = reader.readCsv(in, format);
            }
            parseNanos = Math.min(parseNanos, System.nanoTime() - t);
        }
        int stored = parsed.rows().size();
        Buffer body = Buffer.buffer(Files.readAllBytes(file));
        long started = System.nanoTime();
        HttpResponse<Buffer> response = await(app.client().post("/api/enterprises/import")
                .addQueryParam("format", format.token())
                .putHeader("Authorization", "Bearer " + TestApp.ADMIN_KEY)
                .putHeader("Content-Type", "text/csv")
                .timeout(TimeUnit.HOURS.toMillis(1))
                .sendBuffer(body));
        double importSeconds = (System.nanoTime() - started) / 1e9;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(name + ": " + response.statusCode() + " " + response.bodyAsString());
        }
        long last = await(app.main().services().registry().store().lastChange());
        await(app.main().services().registryIndex().awaitChange(last));
        double indexedSeconds = (System.nanoTime() - started) / 1e9;
        JsonObject summary = response.bodyAsJsonObject();
        summary.remove("warnings");
        summary.put("rejected", summary.getJsonArray("rejected").size());
        return new Row(name, countLines(file), stored, stored / (parseNanos / 1e9), importSeconds, indexedSeconds, summary);
    }

    private static void print(List<Row> rows) {
        System.out.printf(Locale.ROOT, "%-26s %9s %14s %14s %16s %8s  %s%n", "file", "stored", "parse /s",
                "import /s", "import+index /s", "vs parse", "summary");
        for (Row r : rows) {
            double importRate = r.stored / r.importSeconds;
            double indexedRate = r.stored / r.indexedSeconds;
            System.out.printf(Locale.ROOT, "%-26s %,9d %,14.0f %,14.0f %,16.0f %7.1f%%  %s%n", r.name, r.stored, r.parseRate,
                    importRate, indexedRate, 100 * indexedRate / r.parseRate, r.summary.encode());
        }
    }

    private static int countLines(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return (int) lines.count();
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(1, TimeUnit.HOURS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * A registry drawn from the real files: each generated enterprise takes the category of a random real one (the
     * kinds of siae_lemarche.csv and the ESS families of ess_numerique.csv, in their proportions), the NAF code of
     * another random real one, and the site (postcode, city, coordinates) of a third real one from the SIAE list, moved
     * by up to about 2 km; 30 % have no coordinates (geocoded from the postcode), 20 % declare the CPV codes their
     * NAF implies. SIRETs are random with a valid Luhn key.
     */
    static final class Generator {
        private record Site(String postcode, String city, double lat, double lon) {
        }

        static int write(Path file, int size, Random random) throws IOException {
            RawCsv lemarche = RawCsv.read(LEMARCHE);
            RawCsv essNumerique = RawCsv.read(ESS_NUMERIQUE);
            List<String> categories = new ArrayList<>();
            List<String> nafs = new ArrayList<>();
            List<Site> sites = new ArrayList<>();
            for (String[] r : lemarche.rows()) {
                categories.add(lemarche.get(r, "kind"));
                if (ReferenceData.get().naf().find(lemarche.get(r, "naf")).isPresent()) {
                    nafs.add(lemarche.get(r, "naf"));
                }
                if (!lemarche.get(r, "latitude").isEmpty() && !lemarche.get(r, "post_code").isEmpty()) {
                    sites.add(new Site(lemarche.get(r, "post_code"), lemarche.get(r, "city"),
                            Double.parseDouble(lemarche.get(r, "latitude")), Double.parseDouble(lemarche.get(r, "longitude"))));
                }
            }
            for (String[] r : essNumerique.rows()) {
                String family = essNumerique.get(r, "famille_ess");
                categories.add(switch (family) {
                    case "association" -> "ASSOCIATION";
                    case "cooperative" -> "COOPERATIVE";
                    case "fondation" -> "FONDATION";
                    default -> "ESS_COMPANY";
                });
                String naf = essNumerique.get(r, "naf");
                if (ReferenceData.get().naf().find(naf).isPresent()) {
                    nafs.add(naf);
                }
            }
            var affinity = ReferenceData.get().affinity();
            var cpvCatalog = ReferenceData.get().cpv();
            Set<String> sirets = new HashSet<>();
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write("siret,name,categories,legal_form,naf,description,cpv,address,postcode,city,latitude,longitude,"
                        + "radius_km,departments,employees,website\n");
                for (int i = 0; i < size; i++) {
                    String siret;
                    do {
                        siret = siret(random);
                    } while (!sirets.add(siret));
                    String category = categories.get(random.nextInt(categories.size()));
                    String naf = nafs.get(random.nextInt(nafs.size()));
                    Site site = sites.get(random.nextInt(sites.size()));
                    String label = ReferenceData.get().naf().find(naf).map(n -> n.label()).orElse("");
                    StringBuilder cpv = new StringBuilder();
                    if (random.nextInt(5) == 0) {
                        for (String prefix : affinity.cpvPrefixesFor(naf)) {
                            String code = (prefix + "00000000").substring(0, 8);
                            if (cpvCatalog.find(code).isPresent()) {
                                cpv.append(cpv.length() == 0 ? "" : "|").append(code);
                            }
                        }
                    }
                    boolean located = random.nextInt(10) >= 3;
                    String lat = located ? String.format(Locale.ROOT, "%.6f", site.lat + (random.nextDouble() - 0.5) * 0.03) : "";
                    String lon = located ? String.format(Locale.ROOT, "%.6f", site.lon + (random.nextDouble() - 0.5) * 0.04) : "";
                    String employees = random.nextInt(3) == 0 ? String.valueOf(1 + random.nextInt(200)) : "";
                    out.write(String.join(",", siret, quote("ENTREPRISE " + (i + 1) + " " + words(label, 3)), category, "",
                            naf, quote(label), cpv.toString(), "", site.postcode, quote(site.city), lat, lon, "", "",
                            employees, ""));
                    out.write('\n');
                }
            }
            return size;
        }

        /** 13 random digits and the Luhn key. */
        static String siret(Random random) {
            StringBuilder digits = new StringBuilder(14);
            digits.append(1 + random.nextInt(9));
            for (int i = 1; i < 13; i++) {
                digits.append(random.nextInt(10));
            }
            for (int key = 0; key < 10; key++) {
                String candidate = digits.toString() + key;
                if (fr.essor.registry.Siret.isValid(candidate)) {
                    return candidate;
                }
            }
            throw new IllegalStateException("no Luhn key for " + digits);
        }

        private static String words(String label, int n) {
            String[] words = label.toUpperCase(Locale.ROOT).split("[^\\p{L}]+");
            StringBuilder out = new StringBuilder();
            for (int i = 0, kept = 0; i < words.length && kept < n; i++) {
                if (words[i].length() > 3) {
                    out.append(kept++ == 0 ? "" : " ").append(words[i]);
                }
            }
            return out.toString();
        }

        private static String quote(String value) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
    }
}
