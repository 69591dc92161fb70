package fr.essor.notice;

/**
 * When to poll a feed next: every interval while it answers, and after errors an exponential back-off (twice the
 * interval after the first error, four times after the second ...) capped at a maximum. Pure; one per feed.
 */
public final class PollSchedule {
    private final long intervalMillis;
    private final long maxBackoffMillis;
    private int failures;

    public PollSchedule(long intervalMillis, long maxBackoffMillis) {
        if (intervalMillis <= 0 || maxBackoffMillis < intervalMillis) {
            throw new IllegalArgumentException("interval must be positive and at most the maximum back-off");
        }
        this.intervalMillis = intervalMillis;
        this.maxBackoffMillis = maxBackoffMillis;
    }

    /** The feed answered (200 or 304): the next poll after one interval. */
    public long succeeded() {
        failures = 0;
        return intervalMillis;
    }

    /** The feed failed (error status, network, unreadable body): the next delay, doubled at each error in a row. */
    public long failed() {
        failures = Math.min(failures + 1, 62);
        long delay = intervalMillis;
        for (int i = 0; i < failures && delay < maxBackoffMillis; i++) {
            delay *= 2;
        }
        return Math.min(delay, maxBackoffMillis);
    }

    public int failures() {
        return failures;
    }
}
