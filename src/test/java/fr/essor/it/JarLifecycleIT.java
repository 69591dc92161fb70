package fr.essor.it;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar as a user runs it: {@code java -jar target/essor.jar} on an empty data folder with no database
 * configured is ready within 30 s, and SIGTERM stops it, embedded PostgreSQL included, within 10 s.
 */
class JarLifecycleIT {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void startsReadyOnItsOwnAndStopsCleanlyOnSigterm() throws Exception {
        Path jar = Path.of("target/essor.jar");
        assertThat(jar).exists();
        Path dataDir = Files.createTempDirectory("essor-jar-it");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = dataDir.resolve("essor.log");
        ProcessBuilder builder = new ProcessBuilder(javaBin(), "-jar", jar.toAbsolutePath().toString())
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("ESSOR_"));
        builder.environment().put("ESSOR_HTTP_PORT", String.valueOf(port));
        builder.environment().put("ESSOR_DATA_DIR", dataDir.resolve("data").toString());
        builder.environment().put("ESSOR_SEED", "false");
        Process process = builder.start();
        try {
            long started = System.nanoTime();
            int status = 0;
            while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(30) && process.isAlive()) {
                status = readyStatus(port);
                if (status == 200) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(status).as("ready within 30 s; log:%n%s", Files.readString(log)).isEqualTo(200);
            assertThat(dataDir.resolve("data/credentials.json")).exists();
            assertThat(dataDir.resolve("data/pg/PG_VERSION")).hasContent("17");

            long stopping = System.nanoTime();
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("stopped within 10 s; log:%n%s", Files.readString(log)).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopping)).isLessThan(10);
            assertThat(dataDir.resolve("data/pg/postmaster.pid")).as("embedded PostgreSQL stopped").doesNotExist();
        } finally {
            process.destroyForcibly();
        }
    }

    private int readyStatus(int port) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return 0;
        }
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
