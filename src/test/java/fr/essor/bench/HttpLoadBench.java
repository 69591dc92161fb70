package fr.essor.bench;

import fr.essor.config.EssorConfig;
import fr.essor.matching.MatchingConfig;
import fr.essor.testing.TestApp;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP under load with wrk on loopback: {@code POST /api/match} (a Lua script cycling 500 bodies of the match
 * workload, officer key) at 1, 4 and 16 connections, against, in the same server and the same Vert.x instance, a bare
 * route (a verticle of this bench on another port that reads the body and answers 202, one instance like essor's HTTP
 * verticle) sent the same bodies, and {@code GET /health/live}. Rate limits off, and said so. wrk runs on the same
 * machine as the server (2 cores here): it takes CPU from the server, for every route alike.
 *
 * <p>{@code bench/run http}; arguments: [enterprises, default 200000] [seconds per run, default 10]
 */
public final class HttpLoadBench {
    private static final long SEED = 20261203L;
    private static final int[] CONNECTIONS = {1, 4, 16};

    /** The bare route: reads the whole body, answers 202, nothing else. */
    static final class BareRoute extends VerticleBase {
        private HttpServer server;

        @Override
        public Future<?> start() {
            server = vertx.createHttpServer();
            return server.requestHandler(request -> request.body().onComplete(body -> request.response().setStatusCode(202).end()))
                    .listen(0, "127.0.0.1");
        }

        int port() {
            return server.actualPort();
        }
    }

    record Run(String route, int connections, double rps, double p50, double p99, long non2xx, String errors) {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        if (!Files.isExecutable(Path.of("/usr/bin/wrk"))) {
            System.out.println("wrk is not installed (apt-get install -y wrk): HTTP load bench skipped");
            System.exit(0);
        }
        MatchingConfig config = MatchingConfig.fromJson(EssorConfig.load(Map.of()).section(MatchingConfig.SECTION));
        GeneratedRegistry generator = new GeneratedRegistry(SEED);
        System.out.printf(Locale.ROOT, "generating %,d enterprises (seed %d)%n", count, SEED);
        var generated = generator.enterprises(count);
        MatchWorkload workload = MatchWorkload.build(generator, config, SEED, 2_200, 0);
        List<JsonObject> bodies = workload.measured.stream().limit(500).map(MatchWorkload.Question::body).toList();
        Path work = Files.createTempDirectory("essor-bench-http");
        try (ServedRegistry served = ServedRegistry.start(generated)) {
            BareRoute bare = new BareRoute();
            TestApp.await(served.app.vertx().deployVerticle(bare));
            Path matchScript = script(work.resolve("match.lua"), "/api/match", bodies);
            Path bareScript = script(work.resolve("bare.lua"), "/", bodies);
            String essor = "http://127.0.0.1:" + served.app.port();
            String bareUrl = "http://127.0.0.1:" + bare.port();
            System.out.printf(Locale.ROOT, "wrk on loopback, %d s per run, %d distinct match bodies cycled (%.0f bytes on average);"
                            + " load average before: %s%n", seconds, bodies.size(),
                    bodies.stream().mapToInt(b -> b.encode().length()).average().orElse(0), loadAverage());
            wrk(essor + "/api/match", matchScript, 4, Math.max(5, seconds / 2)); // warm-up, not reported
            System.out.println("the same bodies from one java.net.http client, one at a time: " + oneClient(essor, bodies));
            List<Run> runs = new ArrayList<>();
            for (int c : CONNECTIONS) {
                runs.add(parse("POST /api/match", c, wrk(essor + "/api/match", matchScript, c, seconds)));
                runs.add(parse("bare route, same bodies (202)", c, wrk(bareUrl + "/", bareScript, c, seconds)));
                runs.add(parse("GET /health/live", c, wrk(essor + "/health/live", null, c, seconds)));
            }
            System.out.printf(Locale.ROOT, "%n%-32s %5s %10s %9s %9s %8s  %s%n", "route", "conns", "req/s", "p50 ms", "p99 ms", "non-2xx", "socket errors");
            for (Run r : runs) {
                System.out.printf(Locale.ROOT, "%-32s %5d %10.1f %9.2f %9.2f %8d  %s%n", r.route(), r.connections(), r.rps(), r.p50(),
                        r.p99(), r.non2xx(), r.errors());
            }
            System.out.println("\nratios against the bare route of the same server (same connections):");
            for (int i = 0; i < runs.size(); i += 3) {
                Run m = runs.get(i);
                Run b = runs.get(i + 1);
                Run h = runs.get(i + 2);
                System.out.printf(Locale.ROOT, "  %2d connections: /api/match throughput %.3fx the bare route's, p99 %.1fx;"
                        + " /health/live throughput %.2fx, p99 %.1fx%n", m.connections(), m.rps() / b.rps(), m.p99() / b.p99(),
                        h.rps() / b.rps(), h.p99() / b.p99());
            }
            System.out.println("load average after: " + loadAverage());
        } finally {
            for (Path p : List.of(work.resolve("match.lua"), work.resolve("bare.lua"), work)) {
                Files.deleteIfExists(p);
            }
        }
        System.exit(0);
    }

    /** p50 and p99 of the bodies sent once each by one java.net.http client (MatchBench's served path), to compare with wrk at 1. */
    private static String oneClient(String essor, List<JsonObject> bodies) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long[] nanos = new long[bodies.size()];
        long start = System.nanoTime();
        for (int i = 0; i < bodies.size(); i++) {
            long t = System.nanoTime();
            client.send(HttpRequest.newBuilder(URI.create(essor + "/api/match")).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + TestApp.OFFICER_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i).encode())).build(), HttpResponse.BodyHandlers.ofString());
            nanos[i] = System.nanoTime() - t;
        }
        Latencies l = new Latencies("one client", nanos, System.nanoTime() - start);
        return String.format(Locale.ROOT, "%.1f req/s, p50 %.2f ms, p99 %.2f ms", l.qps(), l.p(50), l.p(99));
    }

    /** A wrk script cycling the bodies, one per request, with the officer key. */
    static Path script(Path file, String path, List<JsonObject> bodies) throws IOException {
        StringBuilder lua = new StringBuilder("local bodies = {\n");
        for (JsonObject body : bodies) {
            lua.append("[==[").append(body.encode()).append("]==],\n");
        }
        lua.append("}\nlocal i = 0\nrequest = function()\n  i = i % #bodies + 1\n")
                .append("  return wrk.format(\"POST\", \"").append(path).append("\", {[\"Content-Type\"] = \"application/json\", ")
                .append("[\"Authorization\"] = \"Bearer ").append(TestApp.OFFICER_KEY).append("\"}, bodies[i])\nend\n");
        Files.writeString(file, lua, StandardCharsets.UTF_8);
        return file;
    }

    static String wrk(String url, Path script, int connections, int seconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/wrk", "-t", String.valueOf(Math.min(2, connections)),
                "-c", String.valueOf(connections), "-d", seconds + "s", "--timeout", "30s", "--latency"));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    static Run parse(String route, int connections, String out) {
        double rps = number(out, "Requests/sec:\\s+([\\d.]+)");
        long non2xx = (long) number(out, "Non-2xx or 3xx responses:\\s+(\\d+)");
        Matcher errors = Pattern.compile("Socket errors:([^\\n]*)").matcher(out);
        return new Run(route, connections, rps, millis(out, "50%"), millis(out, "99%"), non2xx,
                errors.find() ? errors.group(1).trim() : "none");
    }

    private static double number(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** A latency of wrk's distribution ("99%   12.34ms") in milliseconds. */
    private static double millis(String out, String percentile) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(percentile) + "\\s+([\\d.]+)(us|ms|s)").matcher(out);
        if (!m.find()) {
            return Double.NaN;
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
