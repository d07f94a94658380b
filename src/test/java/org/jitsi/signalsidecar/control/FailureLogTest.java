package org.jitsi.signalsidecar.control;

import java.time.Duration;
import java.util.Optional;

import org.jitsi.signalsidecar.control.FailureLog.Kind;
import org.jitsi.signalsidecar.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailureLogTest {
    private final MutableClock clock = new MutableClock();
    private final FailureLog log = new FailureLog(clock);

    @Test
    void theFirstFailureIsLoggedAtOnceNamingTheAddressAndWhy() {
        assertThat(log.failed("10.0.0.5", Kind.WRONG_TOKEN)).contains("Refused a drain-control request from 10.0.0.5"
                + " with a wrong token; further failures are summed up every 60 s.");
    }

    @Test
    void aFloodIsOneSummaryLineAMinuteWithCountsAndTheBusiestAddresses() {
        log.failed("10.0.0.5", Kind.WRONG_TOKEN);
        int lines = 0;
        for (int i = 0; i < 4000; i++) {
            lines += log.failed("10.0.0." + (i % 7 == 0 ? 9 : i % 3), i % 2 == 0 ? Kind.WRONG_TOKEN : Kind.LIMITED)
                    .isPresent() ? 1 : 0;
        }
        assertThat(lines).isZero();
        assertThat(log.flush()).isEmpty();
        clock.advance(FailureLog.INTERVAL);
        Optional<String> summary = log.flush();
        assertThat(summary).hasValueSatisfying(line -> assertThat(line).isEqualTo("4000 more drain-control requests"
                + " failed in the last 60 s (2000 with a wrong token, 2000 over the failure limit);"
                + " most from 10.0.0.0 (1143), 10.0.0.2 (1143), 10.0.0.1 (1142) and 1 other address."));
        assertThat(log.flush()).isEmpty();
    }

    @Test
    void theSummaryComesWithTheFirstFailureAfterTheIntervalWhenNobodyFlushed() {
        log.failed("10.0.0.5", Kind.NO_TOKEN);
        log.failed("10.0.0.5", Kind.NO_TOKEN);
        clock.advance(Duration.ofSeconds(61));
        assertThat(log.failed("10.0.0.6", Kind.NO_TOKEN)).contains("1 more drain-control requests failed in the"
                + " last 60 s (1 without a bearer token); most from 10.0.0.5 (1).");
    }

    @Test
    void afterAQuietIntervalTheNextFailureIsLoggedAtOnceAgain() {
        log.failed("10.0.0.5", Kind.NO_TOKEN);
        clock.advance(FailureLog.INTERVAL);
        assertThat(log.flush()).isEmpty();
        assertThat(log.failed("10.0.0.7", Kind.LIMITED)).hasValueSatisfying(line ->
                assertThat(line).startsWith("Refused a drain-control request from 10.0.0.7 over the failure limit"));
    }

    @Test
    void countsManyAddressesInBoundedMemory() {
        log.failed("first", Kind.WRONG_TOKEN);
        for (int i = 0; i < 100_000; i++) {
            log.failed("10." + i, Kind.WRONG_TOKEN);
        }
        clock.advance(FailureLog.INTERVAL);
        assertThat(log.flush()).hasValueSatisfying(line -> assertThat(line)
                .startsWith("100000 more drain-control requests failed")
                .endsWith("and over " + (FailureLog.MAX_ADDRESSES - FailureLog.TOP) + " other addresses."));
    }
}
