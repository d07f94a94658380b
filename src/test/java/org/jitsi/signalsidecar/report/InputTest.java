package org.jitsi.signalsidecar.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import org.jitsi.signalsidecar.testing.Json;
import org.jitsi.signalsidecar.testing.Observe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The input registry: every input is named once and shows up where the report promises. The other
 * consumers have theirs ({@code SignalMetricsTest}, {@code OperatorCliTest}, {@code StatusPageTest}).
 */
class InputTest {
    private static final EvaluationRules RULES = new EvaluationRules(5000, false, Duration.ZERO, Duration.ZERO);
    private static final Instant START = Instant.parse("2026-11-25T06:00:00Z");

    /** An observation where only {@code input} went wrong. */
    private static Observe broken(Input input) {
        return switch (input) {
            case JICOFO_HEALTH -> Observe.healthy().jicofoHealth(500);
            case JICOFO_STATS -> Observe.healthy().jicofoStats(500);
            case PROSODY -> Observe.healthy().prosody(Outcome.REFUSED);
            case STATUS_FILE -> Observe.healthy().statusMissing();
            case CENSUS -> Observe.healthy().censusFailed(Outcome.TIMED_OUT);
        };
    }

    @Test
    void everyInputHasItsFieldInTheReportWithCensusPollingOn() {
        Snapshot snapshot = Snapshot.initial(START, RULES, AgentExtensions.NONE, true)
                .next(Observe.healthy().census(2, 10, 50).at(START.plusSeconds(1)));
        JsonNode report = Json.parse(snapshot.reportAt(snapshot.time()));
        for (Input input : Input.values()) {
            JsonNode node = report;
            for (String key : input.reportField()) {
                assertThat(node.has(key)).as(input + ": " + input.reportField()).isTrue();
                node = node.get(key);
            }
        }
    }

    @Test
    void theCensusFieldIsTheOnlyOneMissingWithCensusPollingOff() {
        Snapshot snapshot = Snapshot.initial(START, RULES, AgentExtensions.NONE, false)
                .next(Observe.healthy().at(START.plusSeconds(1)));
        JsonNode report = Json.parse(snapshot.reportAt(snapshot.time()));
        for (Input input : Input.values()) {
            assertThat(report.at("/" + String.join("/", input.reportField())).isMissingNode()).as(input.label())
                    .isEqualTo(input == Input.CENSUS);
        }
    }

    @Test
    void eachProblemNamesItsInputAndOnlyHealthInputsMakeTheNodeUnhealthy() {
        for (Input input : Input.values()) {
            Observations o = broken(input).at(START);
            assertThat(input.problem(o)).as(input.label()).hasValueSatisfying(p -> assertThat(p).startsWith(input.label() + " "));
            Arrays.stream(Input.values()).filter(other -> other != input)
                    .forEach(other -> assertThat(other.problem(o)).as(other.label() + " with " + input.label()).isEmpty());
            assertThat(Assessment.assess(o, RULES).healthy()).as(input.label()).isEqualTo(!input.affectsHealth());
        }
    }

    @Test
    void namesAreUnique() {
        assertThat(Arrays.stream(Input.values()).map(Input::label)).doesNotHaveDuplicates();
        assertThat(Arrays.stream(Input.values()).flatMap(i -> i.metricLabel().stream())).doesNotHaveDuplicates();
        assertThat(Arrays.stream(Input.values()).map(Input::reportField)).doesNotHaveDuplicates();
    }
}
