package org.jitsi.signalsidecar.control;

import java.time.Duration;

import org.jitsi.signalsidecar.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailureLimiterTest {
    private final MutableClock clock = new MutableClock();
    private final FailureLimiter limiter = new FailureLimiter(clock);

    /** Fails {@code times} times at once; how many of them were refused. */
    private int refusals(FailureLimiter limiter, String client, int times) {
        int refused = 0;
        for (int i = 0; i < times; i++) {
            refused += limiter.failed(client).isPresent() ? 1 : 0;
        }
        return refused;
    }

    @Test
    void fiveFailuresAreAllowedThenTheAddressWaitsForTheNextRefill() {
        assertThat(refusals(limiter, "10.0.0.1", 5)).isZero();
        assertThat(limiter.failed("10.0.0.1")).contains(Duration.ofSeconds(12));
        clock.advanceSeconds(7);
        assertThat(limiter.failed("10.0.0.1")).contains(Duration.ofSeconds(5));
        clock.advanceSeconds(5);
        assertThat(limiter.failed("10.0.0.1")).isEmpty();
        assertThat(limiter.failed("10.0.0.1")).contains(Duration.ofSeconds(12));
    }

    @Test
    void aRefusedFailureChargesNothing() {
        refusals(limiter, "10.0.0.1", 5);
        clock.advanceSeconds(6);
        assertThat(refusals(limiter, "10.0.0.1", 100)).isEqualTo(100);
        clock.advanceSeconds(6);
        assertThat(limiter.failed("10.0.0.1")).isEmpty();
    }

    @Test
    void addressesAreCountedApart() {
        refusals(limiter, "10.0.0.1", 5);
        assertThat(limiter.failed("10.0.0.2")).isEmpty();
    }

    @Test
    void aQuietMinuteRefillsTheWholeBurstAndNoMore() {
        refusals(limiter, "10.0.0.1", 5);
        clock.advance(Duration.ofHours(1));
        assertThat(refusals(limiter, "10.0.0.1", 5)).isZero();
        assertThat(limiter.failed("10.0.0.1")).isPresent();
    }

    @Test
    void manyAddressesTogetherFailNoFasterThanTheGlobalCap() {
        int refused = 0;
        for (int i = 0; i < 60; i++) {
            refused += refusals(limiter, "10.0.1." + i, 5);
        }
        assertThat(300 - refused).isEqualTo(FailureLimiter.GLOBAL_BURST);
        assertThat(limiter.failed("10.0.3.1")).contains(Duration.ofMillis(200));
        clock.advance(Duration.ofMillis(200));
        assertThat(limiter.failed("10.0.3.1")).isEmpty();
        assertThat(limiter.failed("10.0.3.2")).isPresent();
    }

    @Test
    void overTenSecondsOfAFloodFromManyAddressesAtMostTheCapGetsThrough() {
        int allowed = 0;
        for (int tick = 0; tick < 100; tick++) {
            for (int i = 0; i < 50; i++) {
                allowed += limiter.failed("10." + tick + ".0." + i).isEmpty() ? 1 : 0;
            }
            clock.advance(Duration.ofMillis(100));
        }
        assertThat(allowed).isBetween(50, FailureLimiter.GLOBAL_BURST + 10 * FailureLimiter.GLOBAL_PER_SECOND);
    }

    @Test
    void aFloodOfAddressesNeverGivesABlockedAddressFreshTries() {
        FailureLimiter small = new FailureLimiter(new FailureLimiter.Rate(1, Duration.ofMinutes(1)),
                new FailureLimiter.Rate(1000, Duration.ofMillis(1)), 3, clock);
        assertThat(small.failed("a")).isEmpty();
        assertThat(small.failed("b")).isEmpty();
        assertThat(small.failed("c")).isEmpty();
        assertThat(small.failed("d")).as("the table is full of debts: a stranger is refused").isPresent();
        assertThat(small.clients()).isEqualTo(3);
        for (int i = 0; i < 10_000; i++) {
            small.failed("flood-" + i);
        }
        assertThat(small.failed("a")).isPresent();
        assertThat(small.clients()).isEqualTo(3);
        clock.advance(Duration.ofMinutes(1));
        assertThat(small.failed("d")).as("debts paid, room again").isEmpty();
        assertThat(small.clients()).isEqualTo(1);
    }

    @Test
    void addressesWhoseTriesAreAllBackAreForgotten() {
        for (int i = 0; i < 100_000; i++) {
            limiter.failed("10." + i);
            clock.advance(Duration.ofMillis(200));
        }
        assertThat(limiter.clients()).isLessThanOrEqualTo(FailureLimiter.MAX_CLIENTS);
        clock.advance(Duration.ofMinutes(1));
        assertThat(limiter.clients()).isZero();
    }
}
