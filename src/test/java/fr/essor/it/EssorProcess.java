package fr.essor.it;

import fr.essor.notice.FeedSignature;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar run as a process on a fresh data folder with its embedded PostgreSQL, known keys and a feed
 * secret, on loopback; HTTP helpers for the tests that break it. Closing it stops it (SIGTERM, then SIGKILL) and
 * kills an embedded PostgreSQL left behind.
 */
final class EssorProcess implements AutoCloseable {
    static final String ADMIN_KEY = "it-admin-key-0123456789";
    static final String OFFICER_KEY = "it-officer-key-0123456789";
    private static final String FEED = "it";
    private static final String FEED_SECRET = "whsec_aXQtZmVlZC1zZWNyZXQtMDEyMzQ1Njc4OQ==";

    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private EssorProcess(Process process, Path dataDir, Path log, int port) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
    }

    /** Started and ready (200 on /health/ready) within 60 s. */
    static EssorProcess start() throws IOException, InterruptedException {
        Path jar = Path.of("target/essor.jar");
        Path work = Files.createTempDirectory("essor-it");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = work.resolve("essor.log");
        ProcessBuilder builder = new ProcessBuilder(System.getProperty("java.home") + File.separator + "bin"
                + File.separator + "java", "-jar", jar.toAbsolutePath().toString())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("ESSOR_"));
        builder.environment().put("ESSOR_HTTP_PORT", String.valueOf(port));
        builder.environment().put("ESSOR_HTTP_HOST", "127.0.0.1");
        builder.environment().put("ESSOR_DATA_DIR", work.resolve("data").toString());
        builder.environment().put("ESSOR_SEED", "false");
        builder.environment().put("ESSOR_RATE_LIMITS", "off");
        builder.environment().put("ESSOR_API_KEYS", "admin:" + ADMIN_KEY + ",officer:" + OFFICER_KEY);
        builder.environment().put("ESSOR_FEED_SECRETS", FEED + ":" + FEED_SECRET);
        EssorProcess essor = new EssorProcess(builder.start(), work.resolve("data"), log, port);
        if (!essor.awaitReady(60)) {
            essor.close();
            throw new IllegalStateException("not ready within 60 s; log:\n" + essor.log());
        }
        return essor;
    }

    boolean awaitReady(int seconds) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds) && process.isAlive()) {
            if (readyStatus() == 200) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    int readyStatus() {
        try {
            return send(HttpRequest.newBuilder(uri("/health/ready"))).statusCode();
        } catch (IOException e) {
            return 0;
        }
    }

    /** A signed push of one native notice with a fresh source id. */
    HttpResponse<String> push(String title) throws IOException {
        byte[] body = ("{\"sourceId\":\"it-" + UUID.randomUUID() + "\",\"version\":\"1\",\"title\":\"" + title
                + "\",\"publishedAt\":\"2030-01-01T00:00:00Z\",\"lots\":[{\"lotId\":\"LOT-0001\",\"title\":\"" + title
                + " lot\",\"mainCpv\":\"90910000\"}]}").getBytes(StandardCharsets.UTF_8);
        String id = "msg_" + UUID.randomUUID();
        String ts = Long.toString(Instant.now().getEpochSecond());
        return send(HttpRequest.newBuilder(uri("/api/notices")).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json").header("X-Feed-Id", FEED).header("webhook-id", id)
                .header("webhook-timestamp", ts).header("webhook-signature", FeedSignature.header(FEED_SECRET, id, ts, body)));
    }

    HttpResponse<String> get(String path, String key) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + key));
    }

    HttpResponse<String> post(String path, String key, String contentType, byte[] body) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** 30 s at most: far beyond any bound the service promises, so a hang shows as a failure, not a stuck build. */
    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The embedded postmaster's pid, from {@code postmaster.pid}; -1 when it has none. */
    long postmasterPid() throws IOException {
        Path pid = dataDir.resolve("pg/postmaster.pid");
        if (!Files.exists(pid)) {
            return -1;
        }
        List<String> lines = Files.readAllLines(pid);
        return lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
    }

    /** The postmaster and its backends and workers: the pids to stop to freeze the whole server. */
    List<Long> postgresPids() throws IOException {
        long pid = postmasterPid();
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(postmaster), postmaster.descendants())
                .map(ProcessHandle::pid).toList();
    }

    /**
     * SIGSTOP to the postmaster and every backend; a backend forked while the list was read (the pool opening a
     * connection) is stopped on the next pass. The pids stopped, for SIGCONT.
     */
    List<Long> freezePostgres() throws IOException, InterruptedException {
        java.util.Set<Long> stopped = new java.util.LinkedHashSet<>();
        for (int pass = 0; pass < 10; pass++) {
            List<Long> found = postgresPids().stream().filter(p -> !stopped.contains(p)).toList();
            if (found.isEmpty()) {
                break;
            }
            signal("STOP", found);
            stopped.addAll(found);
        }
        return List.copyOf(stopped);
    }

    static void signal(String signal, List<Long> pids) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(p -> command.add(Long.toString(p)));
        new ProcessBuilder(command).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        long postmaster = postmasterPid();
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        // a PostgreSQL left running by a failed test is ours: stop it by its pid
        if (postmaster > 0) {
            ProcessHandle.of(postmaster).ifPresent(p -> {
                signalQuietly("CONT", p.pid());
                p.destroy();
            });
        }
    }

    private static void signalQuietly(String signal, long pid) {
        try {
            signal(signal, List.of(pid));
        } catch (IOException | InterruptedException e) {
            // best effort
        }
    }
}
