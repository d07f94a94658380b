package org.jitsi.signalsidecar.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

import org.jitsi.signalsidecar.testing.Json;
import org.jitsi.signalsidecar.testing.MutableClock;
import org.jitsi.signalsidecar.testing.Observe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What consumers are told during the shutdown grace: the node draining, its health unchanged. */
class StoppingTest {
    private static final EvaluationRules RULES = new EvaluationRules(5000, false, Duration.ZERO, Duration.ZERO);
    private final MutableClock clock = new MutableClock();
    private SnapshotStore store = store(AgentExtensions.NONE);

    private SnapshotStore store(AgentExtensions extensions) {
        return new SnapshotStore(Snapshot.initial(clock.instant(), RULES, extensions, false), clock);
    }

    private String agent() {
        return store.agentReply().line();
    }

    private void poll(Observe node) {
        store.publishPoll(store.current(), node.at(clock.advanceSeconds(1)));
    }

    private JsonNode report() {
        return Json.parse(new String(store.current().reportAt(clock.instant())));
    }

    @Test
    void aHealthyReadyNodeDrainsWithWeightZeroAndFailsHttpChecksButStaysUp() {
        poll(Observe.healthy());
        assertThat(agent()).isEqualTo("up ready 100%");

        store.stopping();

        assertThat(agent()).isEqualTo("up drain 0%");
        assertThat(store.view().healthy()).isTrue();
        assertThat(store.view().passesHealthCheck()).isFalse();
        assertThat(report().get("status").asText()).isEqualTo("drain");
        assertThat(report().get("weight").asText()).isEqualTo("0%");
        assertThat(report().get("agentmessage").asText()).isEqualTo("up drain 0%");
        assertThat(report().get("healthy").asBoolean()).isTrue();
        assertThat(report().get("statuses").get("statusFileContents").asText()).isEqualTo("ready");
    }

    @Test
    void theAgentReasonSaysTheSidecarIsStopping() {
        store = store(new AgentExtensions(OptionalInt.empty(), true));
        poll(Observe.healthy().jicofoHealth(500));
        store.stopping();
        assertThat(agent()).isEqualTo("down drain 0% # sidecar stopping; jicofo health answered 500");
        poll(Observe.healthy());
        assertThat(agent()).isEqualTo("up drain 0% # sidecar stopping");
    }

    @Test
    void aNodeInMaintenanceStaysInMaintenance() {
        poll(Observe.healthy().status("maint"));
        store.stopping();
        assertThat(agent()).isEqualTo("up maint 0%");
    }

    @Test
    void pollsAndStatusFileChangesDuringTheGraceStayStopping() {
        poll(Observe.healthy());
        store.stopping();
        poll(Observe.healthy());
        assertThat(agent()).isEqualTo("up drain 0%");
        store.amendStatusFile(StatusFileReading.read("ready"));
        store.amendStatusFile(StatusFileReading.read("drain"));
        assertThat(store.current().stopping()).isTrue();
        assertThat(store.view().passesHealthCheck()).isFalse();
    }

    @Test
    void stoppingIsNoPollForListenersThatCountPolls() {
        poll(Observe.healthy());
        Instant polledAt = store.current().time();
        store.stopping();
        assertThat(store.current().amended()).isTrue();
        assertThat(store.current().time()).isEqualTo(polledAt);
    }
}
