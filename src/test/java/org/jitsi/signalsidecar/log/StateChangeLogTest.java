package org.jitsi.signalsidecar.log;

import java.time.Duration;

import org.jitsi.signalsidecar.report.EvaluationRules;
import org.jitsi.signalsidecar.report.Outcome;
import org.jitsi.signalsidecar.report.Snapshot;
import org.jitsi.signalsidecar.testing.LogCapture;
import org.jitsi.signalsidecar.testing.MutableClock;
import org.jitsi.signalsidecar.testing.Observe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StateChangeLogTest {
    private LogCapture logged;
    private final MutableClock clock = new MutableClock();
    private final StateChangeLog log = new StateChangeLog();
    private Snapshot snapshot;

    @BeforeEach
    void capture() {
        logged = LogCapture.of(StateChangeLog.class.getName(), record -> record.getLevel() + " " + record.getMessage());
        snapshot = Snapshot.initial(clock.instant(), new EvaluationRules(5000, false, Duration.ZERO, Duration.ZERO, false));
    }

    @AfterEach
    void release() {
        logged.close();
    }

    private void poll(Observe observe) {
        clock.advanceSeconds(5);
        Snapshot next = snapshot.next(observe.at(clock.instant()));
        log.published(snapshot, next);
        snapshot = next;
    }

    @Test
    void oneLinePerChangeNotPerPoll() {
        poll(Observe.healthy());
        poll(Observe.healthy());
        poll(Observe.healthy().jicofoHealth(500));
        poll(Observe.healthy().jicofoHealth(500));
        poll(Observe.healthy().jicofoHealth(500));
        poll(Observe.healthy());
        poll(Observe.healthy());
        assertThat(logged.lines()).containsExactly(
                "INFO First poll done: the node is healthy, status ready.",
                "WARNING The signal node is unhealthy: jicofo health answered 500.",
                "WARNING The jicofo health request answered 500.",
                "INFO The signal node is healthy again.",
                "INFO The jicofo health request succeeds again.");
    }

    @Test
    void statusChangesAreLoggedOnce() {
        poll(Observe.healthy());
        poll(Observe.healthy().status("drain"));
        poll(Observe.healthy().status("drain"));
        assertThat(logged.lines()).containsExactly(
                "INFO First poll done: the node is healthy, status ready.",
                "INFO Status changed from ready to drain.");
    }

    @Test
    void aDifferentFailureOfTheSamePeerIsLoggedAgain() {
        poll(Observe.healthy());
        poll(Observe.healthy().prosody(Outcome.TIMED_OUT));
        poll(Observe.healthy().prosody(Outcome.REFUSED));
        assertThat(logged.lines()).filteredOn(l -> l.contains("prosody request")).containsExactly(
                "WARNING The prosody request did not answer in time.",
                "WARNING The prosody request refused the connection.");
    }
}
