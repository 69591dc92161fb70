package fr.essor.it;

import fr.essor.notice.FeedSignature;
import io.vertx.core.json.JsonObject;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar run as a process on one home folder (data folder, logs), restartable on the same data; its own
 * keys and feed secret; each start logs to its own file. Blocking helpers for the tests that break it.
 */
final class EssorJar {
    static final String ADMIN = "it-admin-key-0123456789abcdef";
    static final String OFFICER = "it-officer-key-0123456789abcdef";
    static final String FEED_SECRET = "whsec_dGVzdC1mZWVkLXNlY3JldC0wMTIzNDU2Nzg5";
    private static final Pattern NOTICE_ID = Pattern.compile("(<cbc:ID schemeName=\"notice-id\">)([^<]+)(</cbc:ID>)");
    private static final Pattern PG_PORT = Pattern.compile("embedded PostgreSQL started on port (\\d+)");

    final Path home;
    final Path dataDir;
    private final Map<String, String> env;
    private final List<String> wrapper;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private int port;
    private int starts;
    Process process;
    Path log;

    /** @param wrapper a command the java command line is appended to (e.g. unshare), or empty */
    EssorJar(Path home, Map<String, String> env, List<String> wrapper) {
        this.home = home;
        this.dataDir = home.resolve("data");
        this.env = env;
        this.wrapper = wrapper;
    }

    /** Starts the jar and waits until /health/ready answers 200 (60 s at most). */
    EssorJar start() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        log = home.resolve("essor-" + (++starts) + ".log");
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-Xmx512m", "-jar", Path.of("target/essor.jar").toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("ESSOR_"));
        builder.environment().put("ESSOR_HTTP_PORT", String.valueOf(port));
        builder.environment().put("ESSOR_HTTP_HOST", "127.0.0.1");
        builder.environment().put("ESSOR_DATA_DIR", dataDir.toString());
        builder.environment().put("ESSOR_SEED", "false");
        builder.environment().put("ESSOR_RATE_LIMITS", "off");
        builder.environment().put("ESSOR_API_KEYS", "admin:" + ADMIN + ",officer:" + OFFICER);
        builder.environment().put("ESSOR_FEED_SECRETS", "test:" + FEED_SECRET);
        builder.environment().putAll(env);
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (get("/health/ready", null).statusCode() == 200) {
                return this;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not ready within 60 s; log:\n" + logText());
    }

    int port() {
        return port;
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    /** The embedded PostgreSQL's port, from this run's log. */
    int pgPort() throws IOException {
        Matcher m = PG_PORT.matcher(logText());
        if (!m.find()) {
            throw new AssertionError("no embedded PostgreSQL port in the log");
        }
        return Integer.parseInt(m.group(1));
    }

    /** kill -9 of the service and of its embedded PostgreSQL, as a machine losing power. */
    void crash() throws Exception {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Path pid = dataDir.resolve("pg/postmaster.pid");
        if (Files.exists(pid)) {
            long pgPid = Long.parseLong(Files.readAllLines(pid).get(0).trim());
            ProcessHandle.of(pgPid).ifPresent(h -> {
                h.destroyForcibly();
                h.onExit().join();
            });
        }
    }

    HttpResponse<String> get(String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(15));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    HttpResponse<String> importRegistry(Path csv, String format) throws IOException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/enterprises/import?format=" + format))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + ADMIN).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(csv))).build());
    }

    /** A signed push of an eForms notice given a fresh notice id; its answer. */
    HttpResponse<String> push(byte[] eforms) {
        byte[] body = NOTICE_ID.matcher(new String(eforms, StandardCharsets.UTF_8)).replaceFirst("$1" + UUID.randomUUID() + "$3")
                .getBytes(StandardCharsets.UTF_8);
        return push("application/xml", body);
    }

    /** A signed push of a body as it is; its answer (status 0 when the connection failed). */
    HttpResponse<String> push(String contentType, byte[] body) {
        String id = "it-" + UUID.randomUUID();
        String ts = Long.toString(Instant.now().getEpochSecond());
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/notices")).timeout(Duration.ofSeconds(15))
                .header("Content-Type", contentType).header("X-Feed-Id", "test").header("webhook-id", id)
                .header("webhook-timestamp", ts).header("webhook-signature", FeedSignature.header(FEED_SECRET, id, ts, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** The registry search's JSON answer (officer). */
    JsonObject search(String query) {
        HttpResponse<String> r = get("/api/enterprises?" + query, OFFICER);
        if (r.statusCode() != 200) {
            throw new AssertionError("search " + query + " answered " + r.statusCode() + ": " + r.body());
        }
        return new JsonObject(r.body());
    }

    static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** An answer of 0 when the connection failed (the service stopping or gone). */
    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Failed(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed(request);
        }
    }

    /** The stand-in answer for a request whose connection failed. */
    private record Failed(HttpRequest request) implements HttpResponse<String> {
        public int statusCode() { return 0; }
        public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true); }
        public String body() { return ""; }
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        public URI uri() { return request.uri(); }
        public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }
}
