package fr.essor.bench;

import fr.essor.reference.CpvCatalog;
import fr.essor.reference.NafCatalog;
import fr.essor.reference.ReferenceData;
import fr.essor.registry.EnterpriseJson;
import fr.essor.registry.imports.ImportFormat;
import fr.essor.registry.imports.RegistryFileReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A million enterprises (issue 12): essor as a child JVM with {@code -Xmx1g}, its own data folder and embedded
 * PostgreSQL, rate limits off (ESSOR_RATE_LIMITS=off), driven over loopback as a user would. Measures, in order:
 * first start with the seed to ready; bulk import of the generated registry through {@code POST
 * /api/enterprises/import} (several uploads of at most {@code uploadRows} lines) until all is searchable; restart
 * to ready with that data; index rebuild from PostgreSQL (index folder deleted, start, ready); then {@code POST
 * /api/match} latency at that size with varied lots (CPV label + trade, places where enterprises are), one client.
 * Baselines in the same run: the first start (the seed's 3,828) for the restart, and the parse of the same file in
 * the bench's JVM (no database, no index) for the import. Prints each figure with PASS/MISS against the target.
 *
 * <p>{@code bench/run million}; arguments: [enterprises, default 1000000] [rows per upload, default 100000]
 * [match queries, default 2000]
 */
public final class MillionBench {
    private static final String ADMIN_KEY = "bench-admin-key-0123456789";
    private static final String OFFICER_KEY = "bench-officer-key-0123456789";

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int uploadRows = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        // -Dmillion.keep=<folder>: the work folder is kept; given again once it holds a run's data, only the match runs
        // (to profile or compare the match at a million without importing it again)
        String keep = System.getProperty("million.keep");
        Path work = keep == null ? Files.createTempDirectory("essor-bench-million") : Files.createDirectories(Path.of(keep));
        Path csv = work.resolve("generated.csv");
        long seed = 20_261_203L;
        if (keep != null && Files.isDirectory(work.resolve("data/index"))) {
            System.out.println("million.keep: the data of an earlier run in " + work + "; the match only");
            Child essor = new Child(work);
            double ready = essor.start(false, 900);
            long total = essor.awaitTotal(count, 900); // an index of another schema is rebuilt first
            System.out.printf(Locale.ROOT, "ready in %.1f s, %,d searchable; load %s%n", ready, total, load());
            double p99 = matchPhase(essor, csv, queries, seed);
            System.out.printf(Locale.ROOT, "match p99 %.1f ms %s (target ≤ 20 ms)%n", p99, p99 <= 20 ? "PASS" : "MISS");
            essor.stop();
            return;
        }
        long genStart = System.nanoTime();
        RegistryImportBench.Generator.write(csv, count, new Random(seed));
        System.out.printf(Locale.ROOT, "generated %,d enterprises (%d MB) in %.1f s, seed %d; work folder %s%n", count,
                Files.size(csv) >> 20, (System.nanoTime() - genStart) / 1e9, seed, work);
        // baseline: the first upload parsed and validated in this JVM, no database, no index (the bench itself may run
        // with -Xmx1g: nothing here holds the whole file)
        byte[] sample;
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            sample = upload(in, in.readLine(), uploadRows);
        }
        long parseStart = System.nanoTime();
        int parsedRows;
        try (Reader in = new java.io.InputStreamReader(new java.io.ByteArrayInputStream(sample), StandardCharsets.UTF_8)) {
            parsedRows = new RegistryFileReader(new EnterpriseJson(ReferenceData.get())).readCsv(in, ImportFormat.ESSOR).rows().size();
        }
        double parseRate = parsedRows / ((System.nanoTime() - parseStart) / 1e9);
        System.out.printf(Locale.ROOT, "baseline: parse of one upload alone (%,d rows, one thread, no database, no index) %,.0f rows/s; load %s%n",
                parsedRows, parseRate, load());
        System.out.println("essor: child JVM -Xmx1g, embedded PostgreSQL, rate limits off (ESSOR_RATE_LIMITS=off)");
        List<String[]> results = new ArrayList<>();

        Child essor = new Child(work);
        double first = essor.start(true, 120);
        results.add(verdict("first start with the seed → ready", first, "s", first <= 60, "≤ 60 s"));

        int uploads = (count + uploadRows - 1) / uploadRows;
        long imported = 0;
        long rejected = 0;
        long started = System.nanoTime();
        BufferedReader file = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
        String header = file.readLine();
        for (int u = 0; u < uploads; u++) {
            byte[] upload = upload(file, header, uploadRows); // ~50 ms, counted
            long t = System.nanoTime();
            HttpResponse<String> r = essor.post("/api/enterprises/import?format=essor", ADMIN_KEY, "text/csv", upload);
            if (r.statusCode() != 200) {
                throw new IllegalStateException("import answered " + r.statusCode() + ": " + r.body());
            }
            JsonObject answer = new JsonObject(r.body());
            imported += answer.getLong("imported") + answer.getLong("updated") + answer.getLong("unchanged");
            rejected += answer.getJsonArray("rejected").size();
            System.out.printf(Locale.ROOT, "  upload of %d MB: %,d taken in %.1f s, searchable %s; load %s%n",
                    upload.length >> 20, answer.getLong("imported") + answer.getLong("updated") + answer.getLong("unchanged"),
                    (System.nanoTime() - t) / 1e9, answer.getBoolean("searchable"), load());
        }
        file.close();
        long total = essor.awaitTotal(count, 600);
        double importSeconds = (System.nanoTime() - started) / 1e9;
        double rate = count / importSeconds;
        System.out.printf(Locale.ROOT, "import: %,d taken, %,d rejected, %,d searchable (registry total with the seed) in %.1f s%n",
                imported, rejected, total, importSeconds);
        results.add(verdict("bulk import " + uploads + " uploads → searchable", rate, "rows/s", rate >= 10_000, "≥ 10,000 rows/s"));
        System.out.printf(Locale.ROOT, "import → searchable / parse alone: %.2f×%n", rate / parseRate);
        essor.stop();

        double restart = essor.start(false, 120);
        results.add(verdict("restart with " + String.format(Locale.ROOT, "%,d", total) + " → ready", restart, "s", restart <= 15, "≤ 15 s"));
        System.out.printf(Locale.ROOT, "restart at %,d / first start at the seed's 3,828: %.2f×%n", total, restart / first);
        essor.stop();

        deleteTree(work.resolve("data/index"));
        double rebuild = essor.start(false, 900);
        long rebuilt = essor.awaitTotal(count, 60);
        results.add(verdict("index rebuild from PostgreSQL (" + String.format(Locale.ROOT, "%,d", rebuilt) + ") → ready",
                rebuild, "s", rebuild < 120, "< 120 s"));

        double p99 = matchPhase(essor, csv, queries, seed);
        results.add(verdict("match p99 at " + String.format(Locale.ROOT, "%,d", rebuilt), p99, "ms", p99 <= 20, "≤ 20 ms"));
        essor.stop();

        System.out.printf(Locale.ROOT, "%n%-60s %14s  %-6s %s%n", "million (child JVM -Xmx1g, " + Runtime.getRuntime().availableProcessors()
                + " cores, load " + load() + ")", "figure", "", "target");
        for (String[] r : results) {
            System.out.printf(Locale.ROOT, "%-60s %14s  %-6s %s%n", (Object[]) r);
        }
        if (keep == null) {
            deleteTree(work);
        }
    }

    /** 300 lots of warm-up apart, then {@code queries} served matches, one client: the figures printed, the p99 given. */
    private static double matchPhase(Child essor, Path csv, int queries, long seed) throws IOException, InterruptedException {
        List<JsonObject> lots = lots(csv, 300, new Random(seed));
        for (int i = 0; i < 300; i++) { // warm-up apart
            essor.match(lots.get(i % lots.size()));
        }
        double[] millis = new double[queries];
        long items = 0;
        long matchStart = System.nanoTime();
        for (int i = 0; i < queries; i++) {
            long t = System.nanoTime();
            items += essor.match(lots.get(i % lots.size()));
            millis[i] = (System.nanoTime() - t) / 1e6;
        }
        double seconds = (System.nanoTime() - matchStart) / 1e9;
        slowestLots(lots, millis, 5);
        Arrays.sort(millis);
        System.out.printf(Locale.ROOT, "match: %,d queries over %d lots, one client, loopback, page of 20: p50 %.1f ms, p90 %.1f ms, "
                        + "p99 %.1f ms, max %.1f ms, %.0f queries/s, %.1f items per answer%n", queries, lots.size(),
                pct(millis, 50), pct(millis, 90), pct(millis, 99), millis[millis.length - 1], queries / seconds, (double) items / queries);
        return pct(millis, 99);
    }

    /** The lots slowest by their median (each asked every lots.size()-th query), to see what a slow question is. */
    private static void slowestLots(List<JsonObject> lots, double[] millis, int n) {
        List<double[]> byLot = new ArrayList<>();
        for (int lot = 0; lot < lots.size(); lot++) {
            List<Double> times = new ArrayList<>();
            for (int i = lot; i < millis.length; i += lots.size()) {
                times.add(millis[i]);
            }
            double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (sorted.length > 0) {
                byLot.add(new double[] {lot, sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1]});
            }
        }
        byLot.sort(Comparator.comparingDouble((double[] l) -> l[1]).reversed());
        for (double[] l : byLot.subList(0, Math.min(n, byLot.size()))) {
            JsonObject lot = lots.get((int) l[0]);
            System.out.printf(Locale.ROOT, "  slow lot: median %.1f ms (min %.1f, max %.1f): %s, cpv %s, at %s%n", l[1], l[2], l[3],
                    lot.getString("text"), lot.getJsonArray("cpv").encode(), lot.getJsonObject("place").encode());
        }
    }

    private static String[] verdict(String what, double value, String unit, boolean pass, String target) {
        String figure = String.format(Locale.ROOT, unit.equals("s") || unit.equals("ms") ? "%.1f %s" : "%,.0f %s", value, unit);
        System.out.printf(Locale.ROOT, "%s: %s %s (target %s); load %s%n", what, figure, pass ? "PASS" : "MISS", target, load());
        return new String[] {what, figure, pass ? "PASS" : "MISS", target};
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** The next {@code rows} lines of the file as one upload, with the header. */
    private static byte[] upload(BufferedReader in, String header, int rows) throws IOException {
        StringBuilder chunk = new StringBuilder().append(header).append('\n');
        int n = 0;
        for (String line = n < rows ? in.readLine() : null; line != null; line = ++n < rows ? in.readLine() : null) {
            chunk.append(line).append('\n');
        }
        return chunk.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Lots as buyers write them: a CPV label and a trade, placed where the registry's enterprises are. */
    private static List<JsonObject> lots(Path csv, int n, Random random) throws IOException {
        List<double[]> places = new ArrayList<>();
        try (Stream<String> lines = Files.lines(csv)) {
            lines.skip(1).filter(l -> random.nextInt(200) == 0).forEach(l -> {
                String[] f = l.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
                if (!f[10].isEmpty()) {
                    places.add(new double[] {Double.parseDouble(f[10]), Double.parseDouble(f[11])});
                }
            });
        }
        ReferenceData reference = ReferenceData.get();
        List<CpvCatalog.CpvCode> cpv = reference.cpv().all().stream().filter(c -> c.code8().startsWith("45") || c.code8().startsWith("50")
                || c.code8().startsWith("55") || c.code8().startsWith("60") || c.code8().startsWith("77")
                || c.code8().startsWith("79") || c.code8().startsWith("85") || c.code8().startsWith("90")
                || c.code8().startsWith("15") || c.code8().startsWith("39") || c.code8().startsWith("18"))
                .sorted(Comparator.comparing(CpvCatalog.CpvCode::code8)).toList();
        List<NafCatalog.NafCode> nafs = reference.naf().all().stream().sorted(Comparator.comparing(NafCatalog.NafCode::code)).toList();
        List<JsonObject> lots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CpvCatalog.CpvCode code = cpv.get(random.nextInt(cpv.size()));
            NafCatalog.NafCode naf = nafs.get(random.nextInt(nafs.size()));
            double[] at = places.get(random.nextInt(places.size()));
            JsonArray codes = new JsonArray().add(code.code8());
            if (random.nextInt(3) == 0) {
                codes.add(cpv.get(random.nextInt(cpv.size())).code8());
            }
            lots.add(new JsonObject().put("text", code.labelFr() + " — " + naf.label())
                    .put("cpv", codes).put("place", new JsonObject().put("lat", at[0]).put("lon", at[1]))
                    .put("size", 20).put("page", 0));
        }
        return lots;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** essor as a child JVM on one data folder, started and stopped again and again. */
    private static final class Child {
        private final Path work;
        private final int port;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        private Process process;
        private int starts;

        Child(Path work) throws IOException {
            this.work = work;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
        }

        /** Starts it and gives the seconds until /health/ready answers 200. */
        double start(boolean seed, int timeoutSeconds) throws IOException, InterruptedException {
            Path log = work.resolve("essor-" + (++starts) + ".log");
            List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java", "-Xmx1g"));
            String jfr = System.getProperty("million.jfr"); // a folder: each start records a profile there
            if (jfr != null) {
                command.add("-XX:StartFlightRecording=filename=" + Path.of(jfr).toAbsolutePath().resolve("essor-" + starts + ".jfr") + ",settings=profile");
            }
            command.addAll(List.of("-cp", classpath(), "fr.essor.Main"));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("ESSOR_"));
            builder.environment().put("ESSOR_HTTP_PORT", String.valueOf(port));
            builder.environment().put("ESSOR_HTTP_HOST", "127.0.0.1");
            builder.environment().put("ESSOR_DATA_DIR", work.resolve("data").toString());
            builder.environment().put("ESSOR_SEED", String.valueOf(seed));
            builder.environment().put("ESSOR_RATE_LIMITS", "off");
            builder.environment().put("ESSOR_API_KEYS", "admin:" + ADMIN_KEY + ",officer:" + OFFICER_KEY);
            builder.environment().put("ESSOR_FEED_SECRETS", "bench:whsec_YmVuY2gtZmVlZC1zZWNyZXQtMDEyMzQ1Njc4OQ==");
            long started = System.nanoTime();
            process = builder.start();
            while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(timeoutSeconds)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("essor exited; log:\n" + Files.readString(log));
                }
                if (status("/health/ready") == 200) {
                    return (System.nanoTime() - started) / 1e9;
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("not ready within " + timeoutSeconds + " s; log " + log);
        }

        /** The bench's class path made absolute: the child runs in the work folder. */
        private static String classpath() {
            return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .map(p -> Path.of(p).toAbsolutePath().toString()).collect(java.util.stream.Collectors.joining(File.pathSeparator));
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }

        /** Waits until the registry search counts at least {@code count}; the total. */
        long awaitTotal(long count, int timeoutSeconds) throws IOException, InterruptedException {
            long started = System.nanoTime();
            long total = 0;
            while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(timeoutSeconds)) {
                HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/enterprises?size=1"))
                        .header("Authorization", "Bearer " + OFFICER_KEY));
                if (r.statusCode() == 200) {
                    total = new JsonObject(r.body()).getLong("total");
                    if (total >= count) {
                        return total;
                    }
                }
                Thread.sleep(100);
            }
            return total;
        }

        /** One match; the number of items answered. */
        int match(JsonObject lot) throws IOException {
            HttpResponse<String> r = post("/api/match", OFFICER_KEY, "application/json", lot.encode().getBytes(StandardCharsets.UTF_8));
            if (r.statusCode() != 200) {
                throw new IllegalStateException("match answered " + r.statusCode() + ": " + r.body());
            }
            return new JsonObject(r.body()).getJsonArray("items").size();
        }

        HttpResponse<String> post(String path, String key, String contentType, byte[] body) throws IOException {
            return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + key)
                    .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        }

        private int status(String path) {
            try {
                return send(HttpRequest.newBuilder(uri(path))).statusCode();
            } catch (IOException e) {
                return 0;
            }
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
            try {
                return http.send(request.timeout(Duration.ofMinutes(10)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }
    }
}
