package org.jitsi.signalsidecar.observe;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import org.jitsi.signalsidecar.report.AgentExtensions;
import org.jitsi.signalsidecar.report.EvaluationRules;
import org.jitsi.signalsidecar.report.EventRecorder;
import org.jitsi.signalsidecar.report.Input;
import org.jitsi.signalsidecar.report.NodeEvent;
import org.jitsi.signalsidecar.report.Outcome;
import org.jitsi.signalsidecar.report.PeerResponse;
import org.jitsi.signalsidecar.report.Snapshot;
import org.jitsi.signalsidecar.report.SnapshotStore;
import org.jitsi.signalsidecar.testing.MutableClock;
import org.jitsi.signalsidecar.testing.Observe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The signal series fed by hand, read back from the registry: what counts, and how often. */
class SignalMetricsTest {
    private final MeterRegistry registry = SidecarMetrics.registry();
    private final MutableClock clock = new MutableClock();
    private SnapshotStore store;
    private SignalMetrics metrics;

    @AfterEach
    void closeRegistry() {
        registry.close();
    }

    private void start(Duration dampening, Duration grace) {
        store = new SnapshotStore(Snapshot.initial(clock.instant(),
                new EvaluationRules(5000, false, dampening, grace), AgentExtensions.NONE, false), clock);
        metrics = new SignalMetrics(registry, store);
        store.addListener(metrics);
    }

    private void pollAfter(double seconds, Observe observe) {
        clock.advanceSeconds(seconds);
        store.publish(store.current().next(observe.at(clock.instant())));
    }

    private double counter(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    void transitionsFollowTheReportedHealthThroughGraceAndDampening() {
        start(Duration.ofSeconds(30), Duration.ofSeconds(120));
        pollAfter(0, Observe.healthy().jicofoHealth(500));
        assertThat(counter(SignalMetrics.UNHEALTHY_TOTAL)).as("unhealthy from the start is no transition").isZero();
        pollAfter(5, Observe.healthy());
        pollAfter(30, Observe.healthy());
        // soft down once the start-up episode's dampening is over: reported healthy (draining) during the grace
        pollAfter(5, Observe.healthy().jicofoHealth(503));
        pollAfter(100, Observe.healthy().jicofoHealth(503));
        assertThat(counter(SignalMetrics.UNHEALTHY_TOTAL)).isZero();
        assertThat(gauge(SignalMetrics.HEALTH)).isEqualTo(1);
        // the grace ends: reported unhealthy
        pollAfter(25, Observe.healthy().jicofoHealth(503));
        assertThat(counter(SignalMetrics.UNHEALTHY_TOTAL)).isEqualTo(1);
        assertThat(gauge(SignalMetrics.HEALTH)).isZero();
        // recovered but damped, then healthy, then a hard failure
        pollAfter(5, Observe.healthy());
        pollAfter(5, Observe.healthy());
        assertThat(gauge(SignalMetrics.HEALTH)).isZero();
        pollAfter(30, Observe.healthy());
        assertThat(gauge(SignalMetrics.HEALTH)).isEqualTo(1);
        pollAfter(5, Observe.healthy().prosody(Outcome.REFUSED));
        pollAfter(5, Observe.healthy().prosody(Outcome.REFUSED));
        assertThat(counter(SignalMetrics.UNHEALTHY_TOTAL)).isEqualTo(2);
        assertThat(counter(SignalMetrics.POLL_ERRORS, "peer", "prosody_health", "cause", "refused")).isEqualTo(2);
        assertThat(counter(SignalMetrics.POLL_ERRORS, "peer", "jicofo_health", "cause", "status")).isEqualTo(4);
        assertThat(registry.get(SignalMetrics.POLL_DURATION).tags("peer", "jicofo_stats").timer().count())
                .isEqualTo(11);
    }

    @Test
    void aFailureRightAfterDampeningEndsCountsAsTheEventsListIt() {
        start(Duration.ofSeconds(30), Duration.ZERO);
        EventRecorder events = new EventRecorder(100, store.current(), clock);
        store.addListener(events);
        pollAfter(0, Observe.healthy());
        pollAfter(5, Observe.healthy().jicofoHealth(500));
        for (int i = 0; i < 6; i++) {
            pollAfter(5, Observe.healthy()); // held down until 30 s after the failure, then up between two polls
        }
        pollAfter(5, Observe.healthy().jicofoHealth(500));
        List<NodeEvent> newestFirst = events.newestFirst(clock.instant(), 100);
        long wentDown = 0;
        for (int i = 0; i + 1 < newestFirst.size(); i++) {
            if (newestFirst.get(i + 1).view().healthy() && !newestFirst.get(i).view().healthy()) {
                wentDown++;
            }
        }
        assertThat(wentDown).isEqualTo(2);
        assertThat(counter(SignalMetrics.UNHEALTHY_TOTAL)).isEqualTo(wentDown);
    }

    @Test
    void everyPolledInputHasItsPeerLabel() {
        store = new SnapshotStore(Snapshot.initial(clock.instant(), new EvaluationRules(5000, false, Duration.ZERO,
                Duration.ZERO), AgentExtensions.NONE, true), clock);
        metrics = new SignalMetrics(registry, store);
        store.addListener(metrics);
        pollAfter(1, Observe.healthy().census(2, 10, 50));
        for (Input input : Input.values()) {
            switch (input) {
                case JICOFO_HEALTH, JICOFO_STATS, PROSODY, CENSUS -> {
                    String peer = input.metricLabel().orElseThrow();
                    assertThat(registry.find(SignalMetrics.POLL_DURATION).tags("peer", peer).timer()).as(peer).isNotNull();
                    assertThat(gauge(SignalMetrics.POLL_STATUS_CODE, "peer", peer)).as(peer).isEqualTo(200);
                }
                case STATUS_FILE -> assertThat(input.metricLabel()).as("read from disk, not requested").isEmpty();
            }
        }
    }

    @Test
    void everyHealthAnswerCountsOnceAndTheUnhealthyOnesOnceMore() {
        start(Duration.ZERO, Duration.ZERO);
        pollAfter(1, Observe.healthy());
        metrics.healthAnswered(store.view());
        metrics.agentReplied(store.agentReply().view());
        pollAfter(1, Observe.healthy().status("maint"));
        metrics.agentReplied(store.agentReply().view());
        pollAfter(1, Observe.healthy().statusMissing());
        metrics.healthAnswered(store.view());
        metrics.agentReplied(store.agentReply().view());
        metrics.agentReplied(store.agentReply().view());
        assertThat(counter(SignalMetrics.HEALTH_CHECK)).isEqualTo(6);
        assertThat(counter(SignalMetrics.UNHEALTHY_CHECK)).isEqualTo(3);
        assertThat(counter(SignalMetrics.AGENT_REPLIES, "health", "up", "admin", "ready")).isEqualTo(1);
        assertThat(counter(SignalMetrics.AGENT_REPLIES, "health", "up", "admin", "maint")).isEqualTo(1);
        assertThat(counter(SignalMetrics.AGENT_REPLIES, "health", "down", "admin", "drain")).isEqualTo(2);
        assertThat(counter(SignalMetrics.AGENT_REPLIES, "health", "down", "admin", "maint")).isZero();
        assertThat(gauge(SignalMetrics.STATUS, "status", "unknown")).isEqualTo(1);
        assertThat(gauge(SignalMetrics.STATUS, "status", "maint")).isZero();
    }

    @Test
    void jicofoNumbersAreUnknownUnlessBothJicofoCallsWorked() {
        start(Duration.ZERO, Duration.ZERO);
        pollAfter(1, Observe.healthy().participants(2500));
        assertThat(gauge(SignalMetrics.JICOFO_PARTICIPANTS)).isEqualTo(2500);
        assertThat(gauge(SignalMetrics.JICOFO_CONFERENCES)).isEqualTo(3);
        assertThat(gauge(SignalMetrics.POLL_STATUS_CODE, "peer", "jicofo_stats")).isEqualTo(200);
        pollAfter(1, Observe.healthy().jicofoStatsGarbage());
        assertThat(gauge(SignalMetrics.JICOFO_PARTICIPANTS)).isNaN();
        assertThat(gauge(SignalMetrics.JICOFO_CONFERENCES)).isNaN();
        assertThat(counter(SignalMetrics.POLL_ERRORS, "peer", "jicofo_stats", "cause", "body")).isEqualTo(1);
        assertThat(gauge(SignalMetrics.SUM_SQUARED)).as("census off").isZero();
        assertThat(registry.find(SignalMetrics.CENSUS_ROOMS).gauge()).as("census off").isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "NOT_POLLED, 0, false, ''",
        "RESPONDED, 200, false, ''",
        "RESPONDED, 200, true, body",
        "RESPONDED, 503, false, status",
        "RESPONDED, 404, false, status",
        "REFUSED, 0, false, refused",
        "TIMED_OUT, 0, false, timeout",
        "FAILED, 0, false, error"})
    void errorCauses(Outcome outcome, int status, boolean badBody, String cause) {
        PeerResponse response = new PeerResponse(outcome, status,
                outcome == Outcome.RESPONDED && !badBody ? Optional.empty() : Optional.of("problem"), Duration.ZERO);
        if (outcome == Outcome.NOT_POLLED) {
            response = PeerResponse.notPolled();
        }
        assertThat(SignalMetrics.errorCause(response)).isEqualTo(cause.isEmpty() ? Optional.empty() : Optional.of(cause));
    }
}
