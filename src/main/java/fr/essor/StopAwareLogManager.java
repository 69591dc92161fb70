package fr.essor;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogManager;

/**
 * java.util.logging's own shutdown hook resets (closes) every handler while the service's shutdown hook still runs,
 * so what the ordered stop logs — a warning, an error — would be lost. This manager makes that reset wait until the
 * service has stopped (bounded), so a stop's log is whole. Main names it in {@code java.util.logging.manager}.
 */
public final class StopAwareLogManager extends LogManager {
    private static final CountDownLatch STOPPED = new CountDownLatch(1);
    private static volatile boolean serviceRunning;

    static void serviceStarted() {
        serviceRunning = true;
    }

    static void serviceStopped() {
        STOPPED.countDown();
    }

    @Override
    public void reset() {
        if (serviceRunning && Thread.currentThread().getClass().getName().startsWith(LogManager.class.getName() + "$")) {
            try {
                STOPPED.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        super.reset();
    }
}
