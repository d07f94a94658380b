package org.jitsi.signalsidecar.control;

import java.time.Duration;

import org.jitsi.signalsidecar.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailureLimiterTest {
    private final MutableClock clock = new MutableClock();
    private final FailureLimiter limiter = new FailureLimiter(clock);

    private void fail(String client, int times) {
        for (int i = 0; i < times; i++) {
            limiter.failed(client);
        }
    }

    @Test
    void fiveFailuresAreAllowedThenTheAddressWaitsForTheNextRefill() {
        fail("10.0.0.1", 4);
        assertThat(limiter.retryAfter("10.0.0.1")).isEmpty();
        fail("10.0.0.1", 1);
        assertThat(limiter.retryAfter("10.0.0.1")).contains(Duration.ofSeconds(12));
        clock.advanceSeconds(7);
        assertThat(limiter.retryAfter("10.0.0.1")).contains(Duration.ofSeconds(5));
        clock.advanceSeconds(5);
        assertThat(limiter.retryAfter("10.0.0.1")).isEmpty();
        fail("10.0.0.1", 1);
        assertThat(limiter.retryAfter("10.0.0.1")).contains(Duration.ofSeconds(12));
    }

    @Test
    void addressesAreCountedApart() {
        fail("10.0.0.1", 5);
        assertThat(limiter.retryAfter("10.0.0.2")).isEmpty();
    }

    @Test
    void aQuietMinuteRefillsTheWholeBurstAndNoMore() {
        fail("10.0.0.1", 5);
        clock.advance(Duration.ofHours(1));
        fail("10.0.0.1", 4);
        assertThat(limiter.retryAfter("10.0.0.1")).isEmpty();
        fail("10.0.0.1", 1);
        assertThat(limiter.retryAfter("10.0.0.1")).isPresent();
    }

    @Test
    void aFloodOfAddressesIsForgottenBeyondTheBoundLeastRecentFirst() {
        FailureLimiter small = new FailureLimiter(1, Duration.ofMinutes(1), 3, clock);
        small.failed("a");
        small.failed("b");
        small.failed("c");
        assertThat(small.retryAfter("a")).isPresent(); // a is now the most recent
        small.failed("d");
        assertThat(small.clients()).isEqualTo(3);
        assertThat(small.retryAfter("b")).isEmpty();
        assertThat(small.retryAfter("a")).isPresent();
        for (int i = 0; i < 100_000; i++) {
            limiter.failed("10." + i);
        }
        assertThat(limiter.clients()).isEqualTo(FailureLimiter.MAX_CLIENTS);
    }
}
