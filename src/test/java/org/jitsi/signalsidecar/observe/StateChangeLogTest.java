package org.jitsi.signalsidecar.observe;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

import org.jitsi.signalsidecar.report.AgentExtensions;
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
    private final StateChangeLog log = new StateChangeLog(clock);
    private Snapshot snapshot;

    @BeforeEach
    void capture() {
        logged = LogCapture.of(StateChangeLog.class.getName(), record -> record.getLevel() + " " + record.getMessage());
        start(Duration.ZERO, Duration.ZERO, AgentExtensions.NONE);
    }

    private void start(Duration dampening, Duration grace, AgentExtensions extensions) {
        snapshot = Snapshot.initial(clock.instant(), new EvaluationRules(5000, false, dampening, grace), extensions, false);
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
                "INFO HAProxy agent now answers 'up ready 100%' (was 'down drain 0%')",
                "WARNING The signal node is unhealthy: jicofo health answered 500.",
                "INFO HAProxy agent now answers 'down ready 0%' (was 'up ready 100%')",
                "WARNING The jicofo health request answered 500.",
                "INFO The signal node is healthy again.",
                "INFO HAProxy agent now answers 'up ready 100%' (was 'down ready 0%')",
                "INFO The jicofo health request succeeds again.");
    }

    @Test
    void statusChangesAreLoggedOnce() {
        poll(Observe.healthy());
        poll(Observe.healthy().status("drain"));
        poll(Observe.healthy().status("drain"));
        assertThat(logged.lines()).containsExactly(
                "INFO First poll done: the node is healthy, status ready.",
                "INFO HAProxy agent now answers 'up ready 100%' (was 'down drain 0%')",
                "INFO Status changed from ready to drain.",
                "INFO HAProxy agent now answers 'up drain 0%' (was 'up ready 100%')");
    }

    @Test
    void aDifferentFailureOfTheSamePeerIsLoggedAgain() {
        poll(Observe.healthy());
        poll(Observe.healthy().prosody(Outcome.TIMED_OUT));
        poll(Observe.healthy().prosody(Outcome.REFUSED));
        assertThat(logged.lines()).filteredOn(l -> l.contains("prosody request")).containsExactly(
                "WARNING The prosody request did not answer in time (no answer within 1000 ms).",
                "WARNING The prosody request refused the connection.");
    }

    private List<String> agentLines() {
        return logged.lines().stream().filter(line -> line.contains("HAProxy agent")).toList();
    }

    @Test
    void theAgentReplyIsLoggedOncePerChangeWithItsExtensions() {
        start(Duration.ZERO, Duration.ZERO, new AgentExtensions(OptionalInt.of(300), true));
        poll(Observe.healthy());
        poll(Observe.healthy());
        poll(Observe.healthy().jicofoHealth(Outcome.REFUSED));
        poll(Observe.healthy().jicofoHealth(Outcome.REFUSED));
        poll(Observe.healthy().jicofoHealth(500));
        poll(Observe.healthy());
        assertThat(agentLines()).containsExactly(
                "INFO HAProxy agent now answers 'up ready 100% maxconn:300' (was 'down drain 0% maxconn:300 # no poll finished yet')",
                "INFO HAProxy agent now answers 'down ready 0% maxconn:300 # jicofo health refused the connection'"
                        + " (was 'up ready 100% maxconn:300')",
                "INFO HAProxy agent now answers 'down ready 0% maxconn:300 # jicofo health answered 500'"
                        + " (was 'down ready 0% maxconn:300 # jicofo health refused the connection')",
                "INFO HAProxy agent now answers 'up ready 100% maxconn:300'"
                        + " (was 'down ready 0% maxconn:300 # jicofo health answered 500')");
    }

    @Test
    void aReplyChangedByTheGraceEndingIsLoggedAtTheNextPollSayingSo() {
        start(Duration.ZERO, Duration.ofSeconds(120), AgentExtensions.NONE);
        poll(Observe.healthy());
        poll(Observe.healthy().jicofoHealth(503));
        clock.advanceSeconds(120);
        poll(Observe.healthy().jicofoHealth(503));
        assertThat(agentLines()).containsExactly(
                "INFO HAProxy agent now answers 'up ready 100%' (was 'down drain 0%')",
                "INFO HAProxy agent now answers 'up drain 0%' (was 'up ready 100%')",
                "INFO HAProxy agent now answers 'down ready 0%' (was 'up drain 0%'): the drain grace ended before this poll");
    }

    @Test
    void aReplyChangedByDampeningEndingIsLoggedBeforeWhatThePollChanged() {
        start(Duration.ofSeconds(30), Duration.ZERO, AgentExtensions.NONE);
        poll(Observe.healthy());
        poll(Observe.healthy().jicofoHealth(500));
        poll(Observe.healthy());
        clock.advanceSeconds(30);
        poll(Observe.healthy().status("drain"));
        assertThat(agentLines()).containsExactly(
                "INFO HAProxy agent now answers 'up ready 100%' (was 'down drain 0%')",
                "INFO HAProxy agent now answers 'down ready 0%' (was 'up ready 100%')",
                "INFO HAProxy agent now answers 'up ready 100%' (was 'down ready 0%'): health dampening ended before this poll",
                "INFO HAProxy agent now answers 'up drain 0%' (was 'up ready 100%')");
    }
}
