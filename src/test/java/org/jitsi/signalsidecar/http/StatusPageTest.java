package org.jitsi.signalsidecar.http;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jitsi.signalsidecar.report.AgentExtensions;
import org.jitsi.signalsidecar.report.EvaluationRules;
import org.jitsi.signalsidecar.report.Input;
import org.jitsi.signalsidecar.report.Snapshot;
import org.jitsi.signalsidecar.testing.Observe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The page's inputs table, rendered in memory: one row per input, the census only when polled. */
class StatusPageTest {
    private static final EvaluationRules RULES = new EvaluationRules(5000, false, Duration.ZERO, Duration.ZERO);
    private static final Instant START = Instant.parse("2026-11-25T06:00:00Z");

    private static String render(boolean census, Observe observe) {
        Snapshot snapshot = Snapshot.initial(START, RULES, AgentExtensions.NONE, census).next(observe.at(START));
        return StatusPage.load().render(snapshot, START, snapshot.agentReplyAt(START), List.of(), List.of());
    }

    @Test
    void everyInputHasARowWithCensusPollingOn() {
        String html = render(true, Observe.healthy().census(2, 10, 50));
        for (Input input : Input.values()) {
            assertThat(html).as(input.label()).contains("<td>" + input.label() + "</td>");
        }
    }

    @Test
    void theCensusHasNoRowWhenNotPolled() {
        String html = render(false, Observe.healthy());
        for (Input input : Input.values()) {
            assertThat(html.contains("<td>" + input.label() + "</td>")).as(input.label()).isEqualTo(input != Input.CENSUS);
        }
    }
}
