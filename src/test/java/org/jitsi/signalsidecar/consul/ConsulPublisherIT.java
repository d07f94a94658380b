package org.jitsi.signalsidecar.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.jitsi.signalsidecar.config.ConsulSettings;
import org.jitsi.signalsidecar.config.ConsulToken;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.ConsulKvDouble;
import org.jitsi.signalsidecar.testing.Json;
import org.jitsi.signalsidecar.testing.LogCapture;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.jitsi.signalsidecar.testing.TestConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Report publishing end to end: a sidecar polling stub peers, putting its report to the Consul KV test double. */
class ConsulPublisherIT {
    private static final String KEY = "signal-report/test/shard-1";

    @TempDir
    Path dir;

    private final ConsulKvDouble consul = new ConsulKvDouble();
    private SidecarHarness node;

    @BeforeEach
    void setUp() {
        node = new SidecarHarness(dir);
    }

    @AfterEach
    void tearDown() {
        node.close();
        consul.close();
    }

    private ConsulSettings publishing(boolean census, Optional<ConsulToken> token, Duration interval) {
        return new ConsulSettings(URI.create(consul.origin()), token, false, "shard-state", true, KEY, interval,
                census, Duration.ofSeconds(2));
    }

    /** One poll at start, none for 30 s: the report stays the same while the test compares. */
    private TestConfig quiet() {
        return node.config().interval(Duration.ofSeconds(30));
    }

    private JsonNode awaitPublished() {
        String value = Await.until(() -> consul.value(KEY), Optional::isPresent, "a published report").orElseThrow();
        return Json.parse(value);
    }

    @Test
    void publishesTheReportOfThatInstantWithAnEmptyCensus() {
        node.start(quiet().consul(publishing(false, Optional.empty(), Duration.ofSeconds(30))));
        JsonNode published = awaitPublished();
        assertThat(published.get("census").isArray()).isTrue();
        assertThat(published.get("census")).isEmpty();
        assertThat(published.get("agentmessage").asText()).isEqualTo("up ready 100%");
        ((ObjectNode) published).remove("census");
        assertThat(published).isEqualTo(node.report());
        ConsulKvDouble.Request put = consul.requests().getFirst();
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.key()).isEqualTo(KEY);
        assertThat(put.token()).isEmpty();
    }

    @Test
    void withCensusReportsTheRoomsAreCarriedAsProsodyListedThem() {
        node.start(quiet().census("meet.test").consul(publishing(true, Optional.empty(), Duration.ofSeconds(30))));
        JsonNode census = awaitPublished().get("census");
        assertThat(census).hasSize(2);
        assertThat(census.get(0).get("room_name").asText()).isEqualTo("room2@conference.meet.test");
        assertThat(census.get(0).get("participants").asInt()).isEqualTo(3);
        assertThat(census.get(0).get("leaked").asBoolean()).isFalse();
        assertThat(census.get(1).get("room_name").asText()).isEqualTo("room1@conference.meet.test");
        assertThat(census).isEqualTo(Json.parse(node.get("/signal/census").body()).get("room_census"));
    }

    @Test
    void aFailedCensusIsNullNotAnEmptyNode() {
        node.prosody.reply("/room-census", 500, "text/plain", "boom");
        node.start(quiet().census("meet.test").consul(publishing(true, Optional.empty(), Duration.ofSeconds(30))));
        assertThat(awaitPublished().get("census").isNull()).isTrue();
    }

    @Test
    void failuresAreLoggedOnceRetriedEachIntervalAndNeverTouchHealth() {
        String token = "9c1e-publisher-token";
        consul.requireToken("another-token");
        try (LogCapture log = LogCapture.messages(ConsulPublisher.class)) {
            node.start(node.config().consul(publishing(false, Optional.of(new ConsulToken(token)),
                    Duration.ofMillis(300))));
            Await.until(() -> consul.requests().stream().filter(r -> r.status() == 403).count(), n -> n >= 3,
                    "three refused publications");
            assertThat(log.lines().stream().filter(l -> l.contains("failed"))).singleElement().asString()
                    .contains("403").doesNotContain(token);
            assertThat(node.get("/signal/health").statusCode()).isEqualTo(200);
            assertThat(node.agent()).isEqualTo("up ready 100%\n");
            assertThat(node.sidecar().consul().publisher().orElseThrow().state().failing()).isTrue();

            consul.acceptAnyToken();
            awaitPublished();
            Await.until(log::lines, lines -> lines.stream().anyMatch(l -> l.contains("published to the Consul key "
                    + KEY + " again")), "the recovery to be logged");
            ConsulPublisher.State state = node.sidecar().consul().publisher().orElseThrow().state();
            assertThat(state.lastSuccess()).isPresent();
            assertThat(state.lastError()).hasValueSatisfying(e -> assertThat(e).contains("403"));
        }
        assertThat(consul.requests()).allSatisfy(r -> assertThat(r.token()).hasValue(token));
    }
}
