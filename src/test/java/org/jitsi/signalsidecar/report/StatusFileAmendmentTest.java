package org.jitsi.signalsidecar.report;

import java.time.Duration;
import java.time.Instant;

import org.jitsi.signalsidecar.testing.MutableClock;
import org.jitsi.signalsidecar.testing.Observe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A status file change seen between polls amends the latest poll; polls and amendments never undo each other. */
class StatusFileAmendmentTest {
    private final MutableClock clock = new MutableClock();
    private final SnapshotStore store = new SnapshotStore(
            Snapshot.initial(clock.instant(), new EvaluationRules(5000, false, Duration.ofSeconds(30), Duration.ZERO),
                    AgentExtensions.NONE, false), clock);

    private void poll(Observe observe) {
        store.publishPoll(store.current(), observe.at(clock.instant()));
    }

    private String agent() {
        return store.agentReply().line();
    }

    @Test
    void aDrainWrittenBetweenPollsIsReportedAtOnceWithThePollsPeers() {
        poll(Observe.healthy().participants(7));
        Instant polledAt = clock.instant();
        clock.advanceSeconds(2);

        assertThat(store.amendStatusFile(StatusFileReading.read("drain"))).isTrue();

        assertThat(agent()).isEqualTo("up drain 0%");
        assertThat(store.view().status()).isEqualTo(NodeStatus.DRAIN);
        assertThat(store.current().time()).isEqualTo(polledAt);
        assertThat(store.current().observations().jicofoCounts().orElseThrow().participants()).isEqualTo(7);
        assertThat(store.current().amended()).isTrue();
    }

    @Test
    void anUnchangedReadingPublishesNothing() {
        poll(Observe.healthy().status("ready"));
        Snapshot polled = store.current();

        assertThat(store.amendStatusFile(StatusFileReading.read("ready"))).isFalse();
        assertThat(store.current()).isSameAs(polled);
    }

    @Test
    void beforeTheFirstPollThereIsNothingToAmend() {
        assertThat(store.amendStatusFile(StatusFileReading.read("ready"))).isFalse();
        assertThat(agent()).isEqualTo("down drain 0%");
    }

    @Test
    void aPollUnderWayWhenTheFileChangedKeepsTheNewerReading() {
        poll(Observe.healthy().status("ready"));
        Snapshot startedFrom = store.current();
        // the poll read "ready", then the operator wrote "drain" and the watch amended, then the poll ended
        store.amendStatusFile(StatusFileReading.read("drain"));

        store.publishPoll(startedFrom, Observe.healthy().status("ready").participants(9).at(clock.instant()));

        assertThat(agent()).isEqualTo("up drain 0%");
        assertThat(store.current().observations().jicofoCounts().orElseThrow().participants()).isEqualTo(9);
        assertThat(store.current().amended()).isFalse();
    }

    @Test
    void aPollStartedAfterTheAmendmentReadsTheFileItself() {
        poll(Observe.healthy().status("ready"));
        store.amendStatusFile(StatusFileReading.read("drain"));

        poll(Observe.healthy().status("maint"));

        assertThat(agent()).isEqualTo("up maint 0%");
    }

    @Test
    void anAmendmentReplacesThePollsReadingSoFlapHistoryCarriesOnFromIt() {
        poll(Observe.healthy().status("ready"));
        clock.advanceSeconds(1);
        store.amendStatusFile(StatusFileReading.read("unhealthy"));
        assertThat(agent()).isEqualTo("down drain 0%");

        store.amendStatusFile(StatusFileReading.read("ready"));

        // as if that poll had read "ready": no unhealthy poll, so nothing to dampen
        assertThat(agent()).isEqualTo("up ready 100%");
        clock.advanceSeconds(5);
        poll(Observe.healthy().status("ready"));
        assertThat(store.view().damped()).isFalse();
    }

    @Test
    void anUnhealthyWordAmendedIntoAPollIsDampenedLikeAPolledOne() {
        poll(Observe.healthy().status("ready"));
        clock.advanceSeconds(1);
        store.amendStatusFile(StatusFileReading.read("unhealthy"));
        clock.advanceSeconds(4);

        poll(Observe.healthy().status("ready"));

        assertThat(store.view().healthy()).isFalse();
        assertThat(store.view().damped()).isTrue();
    }
}
