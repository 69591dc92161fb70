package fr.essor;

import fr.essor.cluster.ClusterSettings;
import fr.essor.cluster.ClusteredVertx;
import fr.essor.config.ConfigException;
import fr.essor.config.EssorConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/** {@code java -jar essor.jar} starts the service; {@code import FILE --format F}, {@code backup FILE}, {@code restore FILE} are commands. */
public final class Main {
    private static final int STOP_TIMEOUT_SECONDS = 9;

    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("java.util.logging.manager", System.getProperty("java.util.logging.manager",
                "fr.essor.StopAwareLogManager")); // by name: loading the class would start LogManager first
        configureLogging();
        if (args.length > 0) {
            System.exit(Commands.run(args, System.getenv()));
        }
        EssorConfig config;
        ClusterSettings cluster;
        try {
            config = EssorConfig.load(System.getenv());
            cluster = ClusterSettings.from(config);
        } catch (ConfigException e) {
            System.err.println("essor: " + e.getMessage());
            System.exit(2);
            return;
        }
        Logger log = Logger.getLogger(Main.class.getName());
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx;
        try {
            vertx = cluster.enabled()
                    ? ClusteredVertx.start(cluster, vertxOptions(), Vertx.builder().withMetrics(new MicrometerMetricsFactory(metrics)))
                    .toCompletionStage().toCompletableFuture().get()
                    : newVertx(metrics);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            System.err.println("essor: joining the cluster failed: " + cause.getMessage());
            System.exit(1);
            return;
        }
        MainVerticle main = new MainVerticle(config, metrics);
        try {
            vertx.deployVerticle(main).toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            System.err.println("essor: start failed: " + cause.getMessage());
            log.log(java.util.logging.Level.FINE, "start failure", cause);
            closeQuietly(vertx);
            System.exit(1);
            return;
        }
        // SIGTERM: the ordered stop (HTTP drains first, the index closes before the pool and the embedded database)
        StopAwareLogManager.serviceStarted();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopInOrder(main, vertx);
            StopAwareLogManager.serviceStopped();
        }, "essor-shutdown"));
    }

    /** Stops the service in order ({@link MainVerticle#shutdown()}), then Vert.x itself; bounded by 9 s in all. */
    private static void stopInOrder(MainVerticle main, Vertx vertx) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_TIMEOUT_SECONDS);
        try {
            main.shutdown().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Logger.getLogger(Main.class.getName()).info("essor stopped");
        } catch (Exception e) {
            System.err.println("essor: stop did not complete cleanly: " + e);
        }
        awaitBlockingWork(vertx, deadline);
        long left = Math.max(500, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(left, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            System.err.println("essor: stop did not complete cleanly: " + e);
        }
    }

    /**
     * Vert.x closes its event loops without waiting for blocking tasks in flight (e.g. the work of a request whose
     * client left during the drain): one finishing later would be refused by a terminated loop. So the stop waits
     * for the worker pools to fall idle first, within the stop's bound.
     */
    private static void awaitBlockingWork(Vertx vertx, long deadline) {
        if (!(vertx instanceof io.vertx.core.internal.VertxInternal internal)) {
            return;
        }
        for (io.vertx.core.internal.WorkerPool pool : List.of(internal.workerPool(), internal.internalWorkerPool())) {
            if (!(pool.executor() instanceof java.util.concurrent.ThreadPoolExecutor executor)) {
                continue;
            }
            while ((executor.getActiveCount() > 0 || !executor.getQueue().isEmpty())
                    && System.nanoTime() < deadline - TimeUnit.MILLISECONDS.toNanos(500)) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** A Vert.x instance whose metrics go to the given Prometheus registry. */
    public static Vertx newVertx(PrometheusMeterRegistry registry) {
        return Vertx.builder()
                .with(vertxOptions())
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
    }

    private static VertxOptions vertxOptions() {
        return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
    }

    private static void closeQuietly(Vertx vertx) {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("essor: stop did not complete cleanly: " + e);
        }
    }

    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (InputStream in = Main.class.getClassLoader().getResourceAsStream("logging.properties")) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            System.err.println("essor: logging configuration unreadable: " + e.getMessage());
        }
    }
}
