package org.jitsi.signalsidecar.consul;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jitsi.signalsidecar.lifecycle.Backoff;
import org.jitsi.signalsidecar.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The watch's decisions about indexes, back-off and rate limit, without a network. */
class ConsulPacingTest {
    @ParameterizedTest(name = "previous {0}, answered {1} -> {2}")
    @CsvSource({
        "0, 42, 42",     // first read
        "42, 42, 42",    // wait ran out, nothing changed
        "42, 57, 57",    // a write
        "57, 12, 0",     // went backwards: start afresh
        "0, 0, 1",       // a buggy 0 must not make the next query return at once
        "5, 0, 0",       // backwards to 0: start afresh, and the read after that is raised to 1
        "0, -3, -3",     // unsigned: 2^64 - 3 is a (large) index, not a negative one
        "-3, 7, 0",      // back from 2^64 - 3 to 7
    })
    void nextIndexFollowsConsulsRulesForBlockingClients(long previous, long answered, long next) {
        assertThat(WatchRules.nextIndex(previous, answered)).isEqualTo(next);
    }

    @Test
    void backoffDoublesUpToItsCapWithJitterInTheUpperHalf() {
        Backoff lowest = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.0);
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            delays.add(lowest.next());
        }
        assertThat(delays).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(15), Duration.ofSeconds(15),
                Duration.ofSeconds(15));

        Backoff highest = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), () -> 0.999999);
        for (int i = 0; i < 100; i++) {
            assertThat(highest.next()).isLessThanOrEqualTo(Duration.ofSeconds(30));
        }
        highest.reset();
        assertThat(highest.next()).isBetween(Duration.ofMillis(999), Duration.ofSeconds(1));
    }

    @Test
    void idleAnswersPassInABurstOfTwoThenOnePerInterval() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
        IdleLimiter limiter = new IdleLimiter(Duration.ofSeconds(15), clock.instant());
        assertThat(limiter.idleAnswer(clock.instant())).isZero();
        assertThat(limiter.idleAnswer(clock.instant())).isZero();
        assertThat(limiter.idleAnswer(clock.instant())).isEqualTo(Duration.ofSeconds(15));
        clock.advance(Duration.ofSeconds(15)); // the watch waited as told
        assertThat(limiter.idleAnswer(clock.instant())).isEqualTo(Duration.ofSeconds(15));
        clock.advance(Duration.ofSeconds(15));
        clock.advance(Duration.ofSeconds(5)); // a held query took 5 s: a third of a token earned
        assertThat(limiter.idleAnswer(clock.instant())).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aQuietWatchEarnsItsBurstBack() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
        IdleLimiter limiter = new IdleLimiter(Duration.ofSeconds(15), clock.instant());
        for (int i = 0; i < 5; i++) {
            clock.advance(limiter.idleAnswer(clock.instant()));
        }
        clock.advance(Duration.ofMinutes(5)); // a whole wait with nothing to report
        assertThat(limiter.idleAnswer(clock.instant())).isZero();
        assertThat(limiter.idleAnswer(clock.instant())).isZero();
        assertThat(limiter.idleAnswer(clock.instant())).isPositive();
    }

    @Test
    void theClientWaitsLongerThanConsulMayHoldAQuery() {
        Duration wait = Duration.ofMinutes(5);
        assertThat(ConsulKv.blockingReadTimeout(wait, Duration.ofSeconds(3)))
                .isGreaterThan(wait.plus(wait.dividedBy(16)))
                .isEqualTo(Duration.ofSeconds(300 + 18 + 3).plusMillis(750));
    }
}
