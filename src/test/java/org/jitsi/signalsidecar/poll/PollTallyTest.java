package org.jitsi.signalsidecar.poll;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jitsi.signalsidecar.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The hourly "polls attempted vs expected" line, driven by a hand-moved clock. */
class PollTallyTest {
    private final MutableClock clock = new MutableClock();

    @Test
    void expectedPollsAreTheIntervalsThatFit() {
        assertThat(PollTally.expected(Duration.ofHours(1), Duration.ofSeconds(5))).isEqualTo(720);
        assertThat(PollTally.expected(Duration.ofMinutes(61), Duration.ofSeconds(5))).isEqualTo(732);
        assertThat(PollTally.expected(Duration.ofHours(1), Duration.ofMillis(700))).isEqualTo(5142);
    }

    @Test
    void saysNothingWithinTheHourThenOneLineAndStartsAgain() {
        PollTally tally = new PollTally(clock.instant(), Duration.ofSeconds(5));
        Optional<PollTally.Line> line = Optional.empty();
        for (int i = 0; i < 700; i++) {
            clock.advance(Duration.ofMillis(5140));
            line = tally.attempted(clock.instant());
            if (i < 699) {
                assertThat(line).as("attempt " + i).isEmpty();
            }
        }
        // 700 polls of 5.14 s end at 59 min 58 s: still within the hour
        assertThat(line).isEmpty();
        clock.advance(Duration.ofSeconds(5));
        line = tally.attempted(clock.instant());
        assertThat(line).hasValueSatisfying(l -> {
            assertThat(l.message()).isEqualTo("Polls in the last hour: attempted 701, expected about 720.");
            assertThat(l.worrying()).isFalse();
            assertThat(l.fields().values()).containsEntry("attempted", 701L).containsEntry("expected", 720L);
        });
        clock.advance(Duration.ofMinutes(59));
        assertThat(tally.attempted(clock.instant())).isEmpty();
    }

    @Test
    void fewerThanHalfTheExpectedPollsIsWorrying() {
        Instant start = clock.instant();
        PollTally tally = new PollTally(start, Duration.ofSeconds(5));
        clock.advance(Duration.ofMinutes(30));
        assertThat(tally.attempted(clock.instant())).isEmpty();
        clock.advance(Duration.ofMinutes(30));
        assertThat(tally.attempted(clock.instant())).hasValueSatisfying(l -> {
            assertThat(l.message()).isEqualTo("Polls in the last hour: attempted 2, expected about 720.");
            assertThat(l.worrying()).isTrue();
        });
    }
}
