package org.jitsi.signalsidecar.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jitsi.signalsidecar.report.AgentExtensions;
import org.jitsi.signalsidecar.report.EvaluationRules;
import org.jitsi.signalsidecar.report.Input;
import org.jitsi.signalsidecar.report.Outcome;
import org.jitsi.signalsidecar.report.Snapshot;
import org.jitsi.signalsidecar.testing.Observe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code inputs:} lines of {@code status}, from a report as the sidecar writes it. */
class OperatorCliTest {
    private static final EvaluationRules RULES = new EvaluationRules(5000, false, Duration.ZERO, Duration.ZERO);
    private static final Instant START = Instant.parse("2026-11-25T06:00:00Z");

    private static Object report(boolean census, Observe observe) throws IOException {
        Snapshot snapshot = Snapshot.initial(START, RULES, AgentExtensions.NONE, census).next(observe.at(START));
        return Json.parse(new String(snapshot.reportAt(START), StandardCharsets.UTF_8));
    }

    private static Optional<String> line(Input input, Object report, String... problems) {
        return OperatorCli.inputLine(input, report, List.of(problems));
    }

    @Test
    void everyInputHasALineWithCensusPollingOn() throws IOException {
        Object report = report(true, Observe.healthy().census(2, 10, 50));
        for (Input input : Input.values()) {
            assertThat(line(input, report)).as(input.label())
                    .hasValueSatisfying(l -> assertThat(l).startsWith("  " + input.label() + " "));
        }
    }

    @Test
    void theLinesSayWhatTheyAlwaysSaid() throws IOException {
        Object report = report(false, Observe.healthy().prosody(Outcome.REFUSED));
        assertThat(line(Input.JICOFO_HEALTH, report)).hasValue("  jicofo health   200  ok");
        assertThat(line(Input.PROSODY, report, "prosody refused the connection"))
                .hasValue("  prosody        none  prosody refused the connection");
        assertThat(line(Input.STATUS_FILE, report)).hasValue("  status file          says ready");
        assertThat(line(Input.CENSUS, report)).as("census polling off").isEmpty();
    }

    @Test
    void aFailedCensusSaysSo() throws IOException {
        Object report = report(true, Observe.healthy().censusFailed(Outcome.TIMED_OUT));
        assertThat(line(Input.CENSUS, report)).hasValue("  prosody room-census       failed");
        assertThat(line(Input.CENSUS, report(true, Observe.healthy().census(2, 10, 50))))
                .hasValue("  prosody room-census       ok");
    }
}
