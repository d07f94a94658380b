package org.jitsi.signalsidecar.http;

import com.fasterxml.jackson.databind.JsonNode;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jitsi.signalsidecar.report.AgentExtensions;
import org.jitsi.signalsidecar.report.CensusSummary;
import org.jitsi.signalsidecar.report.EvaluationRules;
import org.jitsi.signalsidecar.report.Outcome;
import org.jitsi.signalsidecar.report.Snapshot;
import org.jitsi.signalsidecar.report.SnapshotStore;
import org.jitsi.signalsidecar.testing.Json;
import org.jitsi.signalsidecar.testing.MutableClock;
import org.jitsi.signalsidecar.testing.Observe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /signal/census} in each state of the census, in memory: each test publishes the snapshot it needs. */
@RoutingTest
class CensusEndpointTest {
    private static final EvaluationRules RULES = new EvaluationRules(5000, false, Duration.ofSeconds(30), Duration.ofSeconds(120));
    private static final Instant START = Instant.parse("2026-11-25T06:08:42.001Z");
    private static final Instant GOOD_POLL = Instant.parse("2026-11-25T06:08:43.703Z");
    private static final Instant LATER_POLL = Instant.parse("2026-11-25T06:08:48.710Z");
    private static final String CENSUS = "{\"room_census\":[{\"room_name\":\"room2@conference.meet.test\","
            + "\"leaked\":false,\"participants\":3,\"created_time\":\"1764051473123\"},"
            + "{\"participants\":5,\"room_name\":\"room1@conference.meet.test\",\"leaked\":true}]}";

    private static final MutableClock CLOCK = new MutableClock(START);
    private static final SnapshotStore STORE = new SnapshotStore(Snapshot.initial(START, RULES, AgentExtensions.NONE, true), CLOCK);

    private final DirectClient client;

    CensusEndpointTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        SidecarRouting.routing(routing, STORE, false, Optional.empty());
    }

    @Test
    void censusPollingOffAnswers404WithJsonSayingHowToTurnItOn() {
        STORE.publish(Snapshot.initial(START, RULES, AgentExtensions.NONE, false).next(Observe.healthy().at(GOOD_POLL)));

        ClientResponseTyped<String> res = census();

        assertThat(res.status()).isEqualTo(Status.NOT_FOUND_404);
        assertThat(Json.parse(res.entity()).get("error").asText()).contains("CENSUS_POLL=true", "CENSUS_HOST");
        assertThat(res.headers().contentType().orElseThrow().text()).startsWith("application/json");
    }

    @Test
    void beforeTheFirstPollAnswers503WithoutALastGoodCensus() {
        STORE.publish(Snapshot.initial(START, RULES, AgentExtensions.NONE, true));

        JsonNode body = unavailable();

        assertThat(body.get("error").asText()).contains("no census yet");
        assertThat(body.get("lastGoodCensusTime").isNull()).isTrue();
    }

    @Test
    void goodCensusIsServedAsProsodySentItExtraFieldsIncluded() {
        STORE.publish(Snapshot.initial(START, RULES, AgentExtensions.NONE, true).next(Observe.healthy().census(census(CENSUS)).at(GOOD_POLL)));

        ClientResponseTyped<String> res = census();

        assertThat(res.status()).isEqualTo(Status.OK_200);
        assertThat(res.entity()).isEqualTo(CENSUS);
        assertThat(res.headers().contentType().orElseThrow().text()).startsWith("application/json");
        assertThat(res.headers().first(HeaderNames.CACHE_CONTROL)).hasValueSatisfying(v -> assertThat(v).contains("no-cache"));
    }

    @Test
    void failedPollAfterAGoodOneAnswers503WithTheTimeOfTheLastGoodCensus() {
        STORE.publish(Snapshot.initial(START, RULES, AgentExtensions.NONE, true)
                .next(Observe.healthy().census(census(CENSUS)).at(GOOD_POLL))
                .next(Observe.healthy().censusFailed(500).at(LATER_POLL)));

        JsonNode body = unavailable();

        assertThat(body.get("error").asText()).contains("failed", "answered 500");
        assertThat(body.get("lastGoodCensusTime").asText()).isEqualTo("2026-11-25T06:08:43.703Z");
    }

    @Test
    void failedPollsWithoutAnyGoodOneAnswer503WithNullTime() {
        STORE.publish(Snapshot.initial(START, RULES, AgentExtensions.NONE, true)
                .next(Observe.healthy().censusFailed(Outcome.REFUSED).at(GOOD_POLL))
                .next(Observe.healthy().censusFailed(Outcome.TIMED_OUT).at(LATER_POLL)));

        JsonNode body = unavailable();

        assertThat(body.get("error").asText()).contains("did not answer in time");
        assertThat(body.get("lastGoodCensusTime").isNull()).isTrue();
    }

    @Test
    void censusRecoversWithTheNextGoodPoll() {
        String later = "{\"room_census\":[]}";
        STORE.publish(Snapshot.initial(START, RULES, AgentExtensions.NONE, true)
                .next(Observe.healthy().census(census(CENSUS)).at(GOOD_POLL))
                .next(Observe.healthy().censusFailed(500).at(LATER_POLL))
                .next(Observe.healthy().census(census(later)).at(LATER_POLL.plusSeconds(5))));

        ClientResponseTyped<String> res = census();

        assertThat(res.status()).isEqualTo(Status.OK_200);
        assertThat(res.entity()).isEqualTo(later);
    }

    @Test
    void onlyGetIsAllowed() {
        assertThat(client.post("/signal/census").request(String.class).status()).isEqualTo(Status.METHOD_NOT_ALLOWED_405);
    }

    private ClientResponseTyped<String> census() {
        return client.get("/signal/census").request(String.class);
    }

    /** Asks for the census, expecting 503 with a JSON body, and returns that body. */
    private JsonNode unavailable() {
        ClientResponseTyped<String> res = census();
        assertThat(res.status()).isEqualTo(Status.SERVICE_UNAVAILABLE_503);
        assertThat(res.headers().contentType().orElseThrow().text()).startsWith("application/json");
        return Json.parse(res.entity());
    }

    private static CensusSummary census(String json) {
        return new CensusSummary(2, 8, 34, json.getBytes(StandardCharsets.UTF_8));
    }

}
