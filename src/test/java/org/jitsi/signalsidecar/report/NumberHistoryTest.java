package org.jitsi.signalsidecar.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jitsi.signalsidecar.testing.MutableClock;
import org.jitsi.signalsidecar.testing.Observe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NumberHistoryTest {
    private final MutableClock clock = new MutableClock();
    private Snapshot snapshot = Snapshot.initial(clock.instant(),
            new EvaluationRules(5000, false, Duration.ZERO, Duration.ZERO), AgentExtensions.NONE, false);

    private void poll(NumberHistory history, Observe observe) {
        Snapshot previous = snapshot;
        snapshot = snapshot.next(observe.at(clock.instant()));
        history.published(previous, snapshot);
    }

    @Test
    void theRingHoldsOneHourOfPollsCappedAt3600() {
        assertThat(NumberHistory.capacity(Duration.ofSeconds(5))).isEqualTo(720);
        assertThat(NumberHistory.capacity(Duration.ofSeconds(7))).isEqualTo(515);
        assertThat(NumberHistory.capacity(Duration.ofMillis(20))).isEqualTo(3600);
        assertThat(NumberHistory.capacity(Duration.ofDays(1))).isEqualTo(1);
    }

    @Test
    void eachPollAddsItsNumbersAndTheOldestGoFirst() {
        NumberHistory history = new NumberHistory(Duration.ofMinutes(20)); // 3 slots
        for (int participants = 1; participants <= 5; participants++) {
            poll(history, Observe.healthy().participants(participants));
            clock.advance(Duration.ofMinutes(1));
        }
        List<NumberHistory.Sample> window = history.window(clock.instant());
        assertThat(window).extracting(s -> s.participants().getAsLong()).containsExactly(3L, 4L, 5L);
        assertThat(window.getFirst().conferences()).hasValue(3);
        assertThat(window.getFirst().latency()).containsOnlyKeys(Input.JICOFO_HEALTH, Input.JICOFO_STATS, Input.PROSODY)
                .containsEntry(Input.PROSODY, Duration.ofMillis(3));
    }

    @Test
    void samplesOlderThanAnHourAreNotShownAndMissingNumbersStayMissing() {
        NumberHistory history = new NumberHistory(Duration.ofSeconds(5));
        poll(history, Observe.healthy());
        clock.advance(Duration.ofMinutes(61));
        Instant later = clock.instant();
        poll(history, Observe.healthy().jicofoHealth(Outcome.REFUSED));
        List<NumberHistory.Sample> window = history.window(later);
        assertThat(window).singleElement().satisfies(s -> {
            assertThat(s.time()).isEqualTo(later);
            assertThat(s.participants()).isEmpty();
        });
    }

    @Test
    void aStatusFileAmendmentIsNotAPoll() {
        NumberHistory history = new NumberHistory(Duration.ofSeconds(5));
        poll(history, Observe.healthy());
        Snapshot previous = snapshot;
        snapshot = snapshot.withStatusFile(StatusFileReading.read("drain"));
        history.published(previous, snapshot);
        assertThat(history.window(clock.instant())).hasSize(1);
    }
}
