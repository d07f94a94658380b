package org.jitsi.signalsidecar.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jitsi.signalsidecar.config.OperatorSettings;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.Http;
import org.jitsi.signalsidecar.testing.Json;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /signal/events} of a real sidecar polling stub peers and a status file. */
class EventsEndpointIT {
    @TempDir
    Path dir;
    private SidecarHarness node;

    @BeforeEach
    void start() {
        node = new SidecarHarness(dir);
        node.start(node.config().operator(new OperatorSettings(3, true)));
        node.awaitReport(r -> r.get("healthy").asBoolean(), "a healthy report");
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private List<JsonNode> events(String query) {
        HttpResponse<String> response = node.get("/signal/events" + query);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        List<JsonNode> events = new ArrayList<>();
        Json.parse(response.body()).get("events").forEach(events::add);
        return events;
    }

    private List<String> reasons(String query) {
        return events(query).stream().map(e -> e.get("reason").asText()).toList();
    }

    @Test
    void theFirstPollIsTheFirstEventWithTheReportsFields() {
        List<JsonNode> events = events("");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(Json.keys(e)).containsExactly("time", "healthy", "healthdamped", "status", "weight",
                    "agentmessage", "reason");
            assertThat(e.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(e.get("healthy").asBoolean()).isTrue();
            assertThat(e.get("status").asText()).isEqualTo("ready");
            assertThat(e.get("weight").asText()).isEqualTo("100%");
            assertThat(e.get("agentmessage").asText()).isEqualTo("up ready 100%");
            assertThat(e.get("reason").asText()).isEqualTo("first poll");
        });
    }

    @Test
    void eachChangeIsAnEventNewestFirstAndTheHistoryIsBounded() {
        node.status("drain");
        Await.until(() -> reasons(""), r -> r.size() == 2, "the drain event");
        node.jicofo.reply("/about/health", 500, "text/plain", "broken");
        Await.until(() -> reasons(""), r -> r.size() == 3, "the jicofo event");
        node.status("maint");
        List<String> reasons = Await.until(() -> reasons(""), r -> r.getFirst().contains("maint"), "the maint event");
        assertThat(reasons).containsExactly("status file now says maint", "jicofo health answered 500",
                "status file now says drain");
        assertThat(events("").getFirst().get("agentmessage").asText()).isEqualTo("down maint 0%");
        assertThat(reasons("?limit=1")).containsExactly("status file now says maint");
        assertThat(reasons("?limit=999")).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"?limit=", "?limit=0", "?limit=-1", "?limit=ten", "?limit=1.5", "?limit=1e3",
            "?limit=99999999999", "?limit=1&limit=2"})
    void aLimitThatIsNotAPositiveWholeNumberIsABadRequest(String query) {
        HttpResponse<String> response = node.get("/signal/events" + query);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.parse(response.body()).get("error").asText()).contains("limit");
    }

    @Test
    void headAnswersWithoutABody() {
        HttpResponse<String> head = Http.send(node.sidecar().httpPort(), "HEAD", "/signal/events");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }
}
