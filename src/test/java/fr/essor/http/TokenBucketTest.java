package fr.essor.http;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The bucket and the limiter on a clock the test moves. */
class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aQuietBucketSpendsItsBurstThenWaits() {
        TokenBucket bucket = new TokenBucket(new RateLimit(2, 5), 0);
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.take(0)).isZero();
        }
        // empty: one token comes back after 1/2 s
        assertThat(bucket.take(0)).isEqualTo(SECOND / 2);
        assertThat(TokenBucket.retryAfterSeconds(bucket.take(0))).isEqualTo(1);
    }

    @Test
    void itRefillsAtItsRateUpToItsBurst() {
        TokenBucket bucket = new TokenBucket(new RateLimit(2, 5), 0);
        for (int i = 0; i < 5; i++) {
            bucket.take(0);
        }
        assertThat(bucket.take(SECOND / 4)).as("half a token is not one").isEqualTo(SECOND / 4);
        assertThat(bucket.take(SECOND / 2)).isZero();
        assertThat(bucket.take(SECOND / 2)).isPositive();
        // an hour later it holds its burst, not more
        long later = 3600 * SECOND;
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.take(later)).isZero();
        }
        assertThat(bucket.take(later)).isPositive();
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(TokenBucket.retryAfterSeconds(1)).isEqualTo(1);
        assertThat(TokenBucket.retryAfterSeconds(SECOND)).isEqualTo(1);
        assertThat(TokenBucket.retryAfterSeconds(SECOND + 1)).isEqualTo(2);
        // a slow bucket, 1 request per 2 s: half a second after spending it, a quarter token is back, 1.5 s to go
        TokenBucket slow = new TokenBucket(new RateLimit(0.5, 1), 0);
        slow.take(0);
        assertThat(slow.take(SECOND / 2)).isEqualTo(3 * SECOND / 2);
        assertThat(TokenBucket.retryAfterSeconds(slow.take(SECOND / 2))).isEqualTo(2);
    }

    @Test
    void theLimiterKeepsOneBucketPerNameAndForgetsTheIdlestPastItsBound() {
        AtomicLong clock = new AtomicLong();
        RateLimiter limiter = new RateLimiter(new RateLimit(1, 1), 3, clock::get);
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isPositive();
        assertThat(limiter.acquire("b")).as("another name is unaffected").isZero();
        for (int i = 0; i < 1000; i++) {
            limiter.acquire("flood-" + i);
        }
        assertThat(limiter.tracked()).isEqualTo(3);
        assertThat(limiter.acquire("a")).as("forgotten, so full again").isZero();
    }
}
