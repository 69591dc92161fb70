package fr.essor.bench;

import java.util.Arrays;
import java.util.Locale;

/** Latencies of one path over a run: percentiles, max and throughput, printed the same way for every path. */
final class Latencies {
    final String name;
    private final long[] nanos;
    private final long wallNanos;

    /** @param wallNanos the run's elapsed time, for QPS (one client: the sum of the latencies and the gaps between) */
    Latencies(String name, long[] nanos, long wallNanos) {
        this.name = name;
        this.nanos = nanos.clone();
        Arrays.sort(this.nanos);
        this.wallNanos = wallNanos;
    }

    int count() {
        return nanos.length;
    }

    /** The p-th percentile in milliseconds (nearest rank). */
    double p(double p) {
        return nanos[Math.max(0, Math.min(nanos.length - 1, (int) Math.ceil(p / 100.0 * nanos.length) - 1))] / 1e6;
    }

    double max() {
        return nanos[nanos.length - 1] / 1e6;
    }

    double qps() {
        return nanos.length / (wallNanos / 1e9);
    }

    String line() {
        return String.format(Locale.ROOT, "  %-44s n=%5d  p50 %7.2f  p90 %7.2f  p99 %7.2f  max %8.2f ms  %7.1f q/s",
                name, nanos.length, p(50), p(90), p(99), max(), qps());
    }
}
