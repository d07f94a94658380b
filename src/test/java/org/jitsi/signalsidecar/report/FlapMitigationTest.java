package org.jitsi.signalsidecar.report;

import java.time.Duration;
import java.time.Instant;

import org.jitsi.signalsidecar.testing.MutableClock;
import org.jitsi.signalsidecar.testing.Observe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Health dampening and drain grace, driven poll by poll with a hand-moved clock. */
class FlapMitigationTest {
    private static final Duration DAMPENING = Duration.ofSeconds(30);
    private static final Duration GRACE = Duration.ofSeconds(120);

    private final MutableClock clock = new MutableClock();
    private Snapshot snapshot;

    private void start(Duration dampening, Duration grace) {
        snapshot = Snapshot.initial(clock.instant(), new EvaluationRules(5000, false, dampening, grace), AgentExtensions.NONE, false);
    }

    private Instant poll(Observe observe) {
        snapshot = snapshot.next(observe.at(clock.instant()));
        return clock.instant();
    }

    private String agentAt(Instant when) {
        return snapshot.viewAt(when).agentMessage();
    }

    private NodeView now() {
        return snapshot.viewAt(clock.instant());
    }

    @Test
    void beforeTheFirstPollTheNodeIsDownDrainZero() {
        start(DAMPENING, GRACE);
        NodeView view = now();
        assertThat(view.healthy()).isFalse();
        assertThat(view.damped()).isFalse();
        assertThat(view.status()).isEqualTo(NodeStatus.UNKNOWN);
        assertThat(view.agentMessage()).isEqualTo("down drain 0%");
        assertThat(snapshot.polled()).isFalse();
    }

    @Test
    void noWindowIsActiveAtStartupEvenWithIntervalsOverAnHour() {
        start(Duration.ofHours(2), Duration.ofHours(3));
        poll(Observe.healthy());
        assertThat(now()).isEqualTo(new NodeView(true, false, NodeStatus.READY, 100));
    }

    @Test
    void softDownNodeReportsHealthyDrainingWithinGrace() {
        start(DAMPENING, GRACE);
        poll(Observe.healthy());
        clock.advanceSeconds(5);
        poll(Observe.healthy().jicofoHealth(503));
        assertThat(now()).isEqualTo(new NodeView(true, true, NodeStatus.DRAIN, 0));
        assertThat(now().agentMessage()).isEqualTo("up drain 0%");
    }

    @Test
    void graceKeepsANodeInMaintenanceInMaintenance() {
        start(DAMPENING, GRACE);
        poll(Observe.healthy().status("maint"));
        clock.advanceSeconds(5);
        poll(Observe.healthy().status("maint").jicofoHealth(503));
        assertThat(now()).isEqualTo(new NodeView(true, true, NodeStatus.MAINT, 0));
    }

    @Test
    void graceEndsAtFirstUnhealthyPollPlusInterval() {
        start(DAMPENING, GRACE);
        poll(Observe.healthy());
        clock.advanceSeconds(5);
        Instant first = poll(Observe.healthy().jicofoHealth(503));
        clock.advanceSeconds(100);
        poll(Observe.healthy().jicofoHealth(503));
        assertThat(agentAt(first.plus(GRACE).minusMillis(1))).isEqualTo("up drain 0%");
        assertThat(agentAt(first.plus(GRACE))).isEqualTo("down ready 0%");
        assertThat(snapshot.viewAt(first.plus(GRACE)).damped()).isFalse();
    }

    @Test
    void recoveryWithinGraceIsImmediate() {
        start(DAMPENING, GRACE);
        poll(Observe.healthy());
        clock.advanceSeconds(5);
        poll(Observe.healthy().prosody(Outcome.TIMED_OUT));
        clock.advanceSeconds(60);
        poll(Observe.healthy());
        assertThat(now()).isEqualTo(new NodeView(true, false, NodeStatus.READY, 100));
    }

    @Test
    void recoveryAfterGraceExpiredIsDamped() {
        start(Duration.ofSeconds(4), Duration.ofSeconds(10));
        poll(Observe.healthy());
        clock.advanceSeconds(1);
        poll(Observe.healthy().jicofoHealth(503));
        clock.advanceSeconds(14);
        Instant last = poll(Observe.healthy().jicofoHealth(503));
        assertThat(now().agentMessage()).isEqualTo("down ready 0%");
        clock.advanceSeconds(1);
        poll(Observe.healthy());
        assertThat(now()).isEqualTo(new NodeView(false, true, NodeStatus.READY, 0));
        assertThat(agentAt(last.plusSeconds(4))).isEqualTo("down ready 0%");
        assertThat(agentAt(last.plusSeconds(4).plusMillis(1))).isEqualTo("up ready 100%");
    }

    @Test
    void dampeningBoundaryIsInclusive() {
        start(DAMPENING, GRACE);
        poll(Observe.healthy());
        clock.advanceSeconds(5);
        Instant unhealthy = poll(Observe.healthy().jicofoHealth(500));
        assertThat(now()).isEqualTo(new NodeView(false, false, NodeStatus.READY, 0));
        clock.advanceSeconds(5);
        poll(Observe.healthy());
        assertThat(snapshot.viewAt(unhealthy.plus(DAMPENING))).isEqualTo(new NodeView(false, true, NodeStatus.READY, 0));
        assertThat(snapshot.viewAt(unhealthy.plus(DAMPENING).plusMillis(1)))
                .isEqualTo(new NodeView(true, false, NodeStatus.READY, 100));
    }

    @Test
    void dampeningCountsFromTheLastUnhealthyPollInSeconds() {
        start(DAMPENING, GRACE);
        poll(Observe.healthy());
        for (int i = 0; i < 5; i++) {
            clock.advanceSeconds(5);
            poll(Observe.healthy().prosody(Outcome.REFUSED));
        }
        Instant last = clock.instant();
        clock.advanceSeconds(5);
        poll(Observe.healthy());
        assertThat(agentAt(last.plusSeconds(29))).isEqualTo("down ready 0%");
        assertThat(agentAt(last.plusSeconds(31))).isEqualTo("up ready 100%");
    }

    @Test
    void aSoftFailureDuringDampeningNeitherGetsGraceNorEndsTheDampening() {
        start(DAMPENING, GRACE);
        poll(Observe.healthy());
        clock.advanceSeconds(5);
        Instant hard = poll(Observe.healthy().jicofoHealth(500));
        clock.advanceSeconds(5);
        poll(Observe.healthy());
        assertThat(now()).isEqualTo(new NodeView(false, true, NodeStatus.READY, 0));
        clock.advanceSeconds(5);
        Instant soft = poll(Observe.healthy().jicofoHealth(503));
        assertThat(now()).as("no grace for a node consumers see as unhealthy")
                .isEqualTo(new NodeView(false, false, NodeStatus.READY, 0));
        clock.advanceSeconds(5);
        poll(Observe.healthy());
        assertThat(agentAt(hard.plus(DAMPENING).plusSeconds(1))).isEqualTo("down ready 0%");
        assertThat(agentAt(soft.plus(DAMPENING))).isEqualTo("down ready 0%");
        assertThat(agentAt(soft.plus(DAMPENING).plusMillis(1))).isEqualTo("up ready 100%");
    }

    @Test
    void hardFailureGetsNoGrace() {
        start(DAMPENING, GRACE);
        poll(Observe.healthy());
        clock.advanceSeconds(5);
        poll(Observe.healthy().jicofoHealth(503).prosody(Outcome.REFUSED));
        assertThat(now()).isEqualTo(new NodeView(false, false, NodeStatus.READY, 0));
    }

    @Test
    void graceOnlyForANodeThatWasHealthyOnce() {
        start(DAMPENING, GRACE);
        poll(Observe.healthy().jicofoHealth(503));
        assertThat(now()).isEqualTo(new NodeView(false, false, NodeStatus.READY, 0));
    }

    @Test
    void unhealthyStatusWordIsNeverSoft() {
        start(DAMPENING, GRACE);
        poll(Observe.healthy());
        clock.advanceSeconds(5);
        poll(Observe.healthy().status("unhealthy"));
        assertThat(now()).isEqualTo(new NodeView(false, false, NodeStatus.DRAIN, 0));
        assertThat(now().agentMessage()).isEqualTo("down drain 0%");
    }

    @Test
    void aHardPollEndsTheGraceOfItsEpisode() {
        start(DAMPENING, GRACE);
        poll(Observe.healthy());
        clock.advanceSeconds(5);
        poll(Observe.healthy().jicofoHealth(503));
        clock.advanceSeconds(5);
        poll(Observe.healthy().jicofoHealth(500));
        clock.advanceSeconds(5);
        poll(Observe.healthy().jicofoHealth(503));
        assertThat(now()).isEqualTo(new NodeView(false, false, NodeStatus.READY, 0));
    }

    @Test
    void zeroIntervalsDisableBothMitigations() {
        start(Duration.ZERO, Duration.ZERO);
        poll(Observe.healthy());
        clock.advanceSeconds(5);
        poll(Observe.healthy().jicofoHealth(503));
        assertThat(now().agentMessage()).isEqualTo("down ready 0%");
        clock.advanceSeconds(5);
        poll(Observe.healthy());
        assertThat(now().agentMessage()).isEqualTo("up ready 100%");
    }

    @Test
    void theReportBodyFollowsTheViewAtTheMomentItIsRead() {
        start(DAMPENING, GRACE);
        poll(Observe.healthy());
        clock.advanceSeconds(5);
        Instant soft = poll(Observe.healthy().jicofoHealth(503));
        String during = new String(snapshot.reportAt(soft));
        String after = new String(snapshot.reportAt(soft.plus(GRACE)));
        assertThat(during).contains("\"healthy\":true,\"healthdamped\":true,\"status\":\"drain\",\"weight\":\"0%\"")
                .contains("\"agentmessage\":\"up drain 0%\"");
        assertThat(after).contains("\"healthy\":false,\"healthdamped\":false,\"status\":\"ready\",\"weight\":\"0%\"")
                .contains("\"agentmessage\":\"down ready 0%\"");
    }
}
