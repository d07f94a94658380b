package org.jitsi.signalsidecar;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.Json;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.jitsi.signalsidecar.testing.StubPeer;
import org.jitsi.signalsidecar.testing.TestConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The census end to end through real sockets: a sidecar polling a stub prosody that answers like
 * prosody with mod_muc_census (no Content-Type, varying key order, extra fields), and a stub jicofo.
 */
class CensusIT {
    private static final String VIRTUAL_HOST = "meet.test";

    @TempDir
    Path dir;
    private SidecarHarness node;

    @BeforeEach
    void stubs() {
        node = new SidecarHarness(dir);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    /** The stubs, polled with a 500 ms request timeout and 1 s of health dampening. */
    private TestConfig config() {
        return node.config()
                .requestTimeout(Duration.ofMillis(500))
                .flapMitigation(Duration.ofSeconds(1), Duration.ZERO);
    }

    @Test
    void censusIsAskedOfTheVirtualHostAndServedWithTheReportsCounts() {
        node.start(config().census(VIRTUAL_HOST));

        HttpResponse<String> census = awaitCensus(200);

        assertThat(node.prosody.lastHost("/room-census")).contains(VIRTUAL_HOST);
        assertThat(Json.parse(census.body())).isEqualTo(Json.parse(StubPeer.CENSUS_TWO_ROOMS));
        JsonNode stats = node.report().get("stats");
        assertThat(stats.get("prosodyParticipants").asLong()).isEqualTo(8);
        assertThat(stats.get("prosodySumSquaredParticipants").asLong()).isEqualTo(34);
    }

    @Test
    void failingCensusIs503WithTheLastGoodTimeAndNeverMakesTheNodeUnhealthy() {
        node.start(config().census(VIRTUAL_HOST));
        awaitCensus(200);
        node.prosody.reply("/room-census", 500, "text/plain", "Internal Server Error");

        JsonNode error = awaitCensusError("answered 500");

        assertThat(error.get("lastGoodCensusTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        JsonNode report = node.report();
        assertThat(report.get("healthy").asBoolean()).isTrue();
        assertThat(report.get("agentmessage").asText()).isEqualTo("up ready 100%");
        assertThat(report.get("stats").get("prosodyParticipants").isNull()).isTrue();
        assertThat(report.get("stats").get("prosodySumSquaredParticipants").isNull()).isTrue();

        node.prosody.reply("/room-census", new StubPeer.Reply(200, Optional.empty(), "{}".getBytes(), false));
        assertThat(awaitCensus(200).body()).isEqualTo("{\"room_census\":[]}");
    }

    @Test
    void hungCensusTimesOutWithoutDelayingOrBreakingHealth() {
        node.prosody.reply("/room-census", StubPeer.Reply.hanging());
        node.start(config().census(VIRTUAL_HOST));

        JsonNode error = awaitCensusError("did not answer in time");

        assertThat(error.get("lastGoodCensusTime").isNull()).isTrue();
        assertThat(node.report().get("healthy").asBoolean()).isTrue();
    }

    @Test
    void twentyThousandRoomsAreCountedAndServedWhole() {
        StringBuilder body = new StringBuilder("{\"room_census\":[");
        for (int i = 0; i < 20_000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"leaked\":false,\"room_name\":\"room-").append(i)
                    .append("@conference.meet.test\",\"participants\":").append(i % 4).append('}');
        }
        String rooms = body.append("]}").toString();
        node.prosody.reply("/room-census", new StubPeer.Reply(200, Optional.empty(), rooms.getBytes(), false));
        node.start(config().census(VIRTUAL_HOST));

        HttpResponse<String> census = awaitCensus(200);

        assertThat(census.body()).isEqualTo(rooms);
        JsonNode stats = node.report().get("stats");
        assertThat(stats.get("prosodyParticipants").asLong()).isEqualTo(5_000L * (0 + 1 + 2 + 3));
        assertThat(stats.get("prosodySumSquaredParticipants").asLong()).isEqualTo(5_000L * (0 + 1 + 4 + 9));
    }

    @Test
    void censusBodyOverTheCapIsRefusedNotParsed() {
        byte[] huge = new byte[9 << 20];
        java.util.Arrays.fill(huge, (byte) ' ');
        huge[0] = '{';
        huge[huge.length - 1] = '}';
        node.prosody.reply("/room-census", new StubPeer.Reply(200, Optional.empty(), huge, false));
        node.start(config().census(VIRTUAL_HOST));

        awaitCensusError("body larger than " + (8 << 20) + " bytes");

        assertThat(node.report().get("healthy").asBoolean()).isTrue();
    }

    @Test
    void withCensusPollingOffProsodyIsNeverAskedAndTheReportHasNoCensusStats() {
        node.start(config());
        node.awaitReport(r -> r.get("healthy").asBoolean(), "a healthy report");

        HttpResponse<String> census = node.get("/signal/census");

        assertThat(census.statusCode()).isEqualTo(404);
        assertThat(Json.parse(census.body()).get("error").asText()).contains("census polling is off");
        assertThat(node.prosody.hits("/room-census")).isZero();
        assertThat(Json.keys(node.report().get("stats"))).containsExactly("jicofoParticipants", "jicofoConferences");
    }

    /** Waits for {@code /signal/census} to answer 503 for {@code cause}, and returns its JSON. */
    private JsonNode awaitCensusError(String cause) {
        HttpResponse<String> census = Await.until(() -> node.get("/signal/census"),
                r -> r.statusCode() == 503 && r.body().contains(cause),
                "/signal/census to answer 503 because " + cause);
        return Json.parse(census.body());
    }

    private HttpResponse<String> awaitCensus(int status) {
        return Await.until(() -> node.get("/signal/census"), r -> r.statusCode() == status,
                "/signal/census to answer " + status);
    }
}
