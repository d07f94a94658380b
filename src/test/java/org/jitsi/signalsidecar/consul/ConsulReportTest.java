package org.jitsi.signalsidecar.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jitsi.signalsidecar.report.AgentExtensions;
import org.jitsi.signalsidecar.report.EvaluationRules;
import org.jitsi.signalsidecar.report.Snapshot;
import org.jitsi.signalsidecar.testing.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The body published to the report key: the report of that instant plus {@code census}. */
class ConsulReportTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void isTheReportOfThatInstantWithAnEmptyCensusWhenCensusReportsAreOff() {
        Snapshot snapshot = Snapshot.initial(T0, new EvaluationRules(5000, false, Duration.ZERO, Duration.ZERO),
                AgentExtensions.NONE, false);
        JsonNode published = Json.parse(new String(ConsulReport.body(snapshot, T0, false), StandardCharsets.UTF_8));
        JsonNode report = Json.parse(new String(snapshot.reportAt(T0), StandardCharsets.UTF_8));

        List<String> fields = new ArrayList<>();
        published.fieldNames().forEachRemaining(fields::add);
        List<String> reportFields = new ArrayList<>();
        report.fieldNames().forEachRemaining(reportFields::add);
        reportFields.add("census");
        assertThat(fields).isEqualTo(reportFields);
        assertThat(published.get("census").isArray()).isTrue();
        assertThat(published.get("census")).isEmpty();
        ((ObjectNode) published).remove("census");
        assertThat(published).isEqualTo(report);
    }
}
