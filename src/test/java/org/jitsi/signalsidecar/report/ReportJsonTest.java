package org.jitsi.signalsidecar.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;

import org.jitsi.signalsidecar.testing.Json;
import org.jitsi.signalsidecar.testing.Observe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportJsonTest {
    private static final EvaluationRules RULES = new EvaluationRules(5000, false, Duration.ofSeconds(30), Duration.ofSeconds(120));
    private static final Instant START = Instant.parse("2026-11-25T06:08:42.001Z");
    private static final Instant POLLED = Instant.parse("2026-11-25T06:08:43.703Z");

    private static JsonNode report(Snapshot snapshot) {
        return Json.parse(snapshot.reportAt(snapshot.time()));
    }

    @Test
    void keysComeInTheOrderConsumersOfBothFormatsExpect() {
        JsonNode r = report(Snapshot.initial(START, RULES, AgentExtensions.NONE, false).next(Observe.healthy().at(POLLED)));
        assertThat(Json.keys(r)).containsExactly("time", "healthy", "healthdamped", "status", "weight",
                "services", "statuses", "stats", "agentmessage");
        assertThat(Json.keys(r.get("services"))).containsExactly("jicofoHealthy", "jicofoReachable",
                "jicofoSoftDown", "jicofoStatusCode", "jicofoStatusContents", "jicofoStatsReachable",
                "jicofoStatsStatusCode", "jicofoStatusStatusCode", "prosodyHealthy", "prosodyReachable",
                "prosodySoftDown", "prosodyStatusCode", "statusFileFound", "statusFileContents");
        assertThat(Json.keys(r.get("statuses"))).containsExactly("statusFileFound", "statusFileContents");
        assertThat(Json.keys(r.get("stats"))).containsExactly("jicofoParticipants", "jicofoConferences");
    }

    @Test
    void healthyReadyReportMatchesTheOriginalsValues() {
        JsonNode r = report(Snapshot.initial(START, RULES, AgentExtensions.NONE, false).next(Observe.healthy().jicofoHealthBody("").at(POLLED)));
        assertThat(r).isEqualTo(Json.parse("""
                {"time":"2026-11-25T06:08:43.703Z","healthy":true,"healthdamped":false,"status":"ready",
                 "weight":"100%",
                 "services":{"jicofoHealthy":true,"jicofoReachable":true,"jicofoSoftDown":false,
                   "jicofoStatusCode":200,"jicofoStatusContents":"","jicofoStatsReachable":true,
                   "jicofoStatsStatusCode":200,"jicofoStatusStatusCode":200,"prosodyHealthy":true,
                   "prosodyReachable":true,"prosodySoftDown":false,"prosodyStatusCode":200,
                   "statusFileFound":true,"statusFileContents":"ready"},
                 "statuses":{"statusFileFound":true,"statusFileContents":"ready"},
                 "stats":{"jicofoParticipants":12,"jicofoConferences":3},
                 "agentmessage":"up ready 100%"}"""));
    }

    @Test
    void beforeTheFirstPollTheReportIsUnhealthyUnknownAtStartTime() {
        JsonNode r = report(Snapshot.initial(START, RULES, AgentExtensions.NONE, false));
        assertThat(r.get("time").asText()).isEqualTo("2026-11-25T06:08:42.001Z");
        assertThat(r.get("healthy").asBoolean()).isFalse();
        assertThat(r.get("status").asText()).isEqualTo("unknown");
        assertThat(r.get("weight").asText()).isEqualTo("0%");
        assertThat(r.get("agentmessage").asText()).isEqualTo("down drain 0%");
        assertThat(r.get("services").get("jicofoStatusCode").asInt()).isZero();
        assertThat(r.get("services").get("statusFileContents").asText()).isEmpty();
        assertThat(r.get("stats").get("jicofoParticipants").isNull()).isTrue();
    }

    @Test
    void jicofoHealthBodyIsCutTo512Characters() {
        JsonNode r = report(Snapshot.initial(START, RULES, AgentExtensions.NONE, false)
                .next(Observe.healthy().jicofoHealthBody("x".repeat(5000)).at(POLLED)));
        assertThat(r.get("services").get("jicofoStatusContents").asText()).hasSize(512);
    }

    @Test
    void censusStatsAppearOnlyWithCensusPolling() {
        JsonNode without = report(Snapshot.initial(START, RULES, AgentExtensions.NONE, false).next(Observe.healthy().at(POLLED)));
        assertThat(without.get("stats").has("prosodyParticipants")).isFalse();

        JsonNode with = report(Snapshot.initial(START, RULES, AgentExtensions.NONE, true).next(Observe.healthy().census(2, 8, 34).at(POLLED)));
        assertThat(Json.keys(with.get("stats"))).containsExactly("jicofoParticipants", "jicofoConferences",
                "prosodyParticipants", "prosodySumSquaredParticipants");
        assertThat(with.get("stats").get("prosodyParticipants").asLong()).isEqualTo(8);
        assertThat(with.get("stats").get("prosodySumSquaredParticipants").asLong()).isEqualTo(34);
    }

    @Test
    void failedCensusReportsUnknownCountsNotZero() {
        JsonNode r = report(Snapshot.initial(START, RULES, AgentExtensions.NONE, true).next(Observe.healthy().censusFailed(500).at(POLLED)));
        assertThat(r.get("stats").get("prosodyParticipants").isNull()).isTrue();
        assertThat(r.get("healthy").asBoolean()).isTrue();
    }

    @Test
    void failedJicofoCallsGiveNullCountsAndZeroCodes() {
        JsonNode r = report(Snapshot.initial(START, RULES, AgentExtensions.NONE, false).next(Observe.healthy()
                .jicofoHealth(Outcome.REFUSED).jicofoStats(Outcome.REFUSED).at(POLLED)));
        JsonNode services = r.get("services");
        assertThat(services.get("jicofoReachable").asBoolean()).isFalse();
        assertThat(services.get("jicofoStatusCode").asInt()).isZero();
        assertThat(services.get("jicofoStatsStatusCode").asInt()).isZero();
        assertThat(r.get("stats").get("jicofoParticipants").isNull()).isTrue();
        assertThat(r.get("agentmessage").asText()).isEqualTo("down ready 0%");
    }
}
