package org.jitsi.signalsidecar.http;

import io.helidon.http.Status;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jitsi.signalsidecar.report.AgentExtensions;
import org.jitsi.signalsidecar.report.EvaluationRules;
import org.jitsi.signalsidecar.report.Snapshot;
import org.jitsi.signalsidecar.report.SnapshotStore;
import org.jitsi.signalsidecar.testing.Json;
import org.jitsi.signalsidecar.testing.MutableClock;
import org.jitsi.signalsidecar.testing.Observe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link SignalService} answers for a given snapshot; run in memory and over a socket. The
 * routing is set up once per class ({@code @SetUpRoute} is static), so the store and clock it reads
 * are shared; each test starts from a fresh initial snapshot at the same instant ({@link #reset}).
 */
abstract class AbstractSignalServiceTest {
    private static final Instant START = Instant.parse("2026-11-25T06:08:42.001Z");
    static final MutableClock CLOCK = new MutableClock(START);
    static final EvaluationRules RULES = new EvaluationRules(5000, false, Duration.ofSeconds(30),
            Duration.ofSeconds(120));
    static final SnapshotStore STORE = new SnapshotStore(initial(), CLOCK);

    private final Http1Client client;

    AbstractSignalServiceTest(Http1Client client) {
        this.client = client;
    }

    private static Snapshot initial() {
        return Snapshot.initial(START, RULES, AgentExtensions.NONE, false);
    }

    @BeforeEach
    void reset() {
        CLOCK.set(START);
        STORE.publish(initial());
    }

    static void routing(HttpRouting.Builder routing) {
        SidecarRouting.routing(routing, STORE, false, Optional.empty());
    }

    private static void poll(Observe observe) {
        CLOCK.advanceSeconds(5);
        STORE.publish(STORE.current().next(observe.at(CLOCK.instant())));
    }

    private ClientResponseTyped<String> get(String path) {
        return client.get(path).request(String.class);
    }

    @Test
    void healthyNodeAnswers200AndOk() {
        poll(Observe.healthy());
        ClientResponseTyped<String> report = get("/signal/report");
        assertThat(report.status()).isEqualTo(Status.OK_200);
        assertThat(Json.parse(report.entity()).get("agentmessage").asText()).isEqualTo("up ready 100%");
        assertThat(get("/signal/health").entity()).isEqualTo("OK");
        assertThat(get("/about/health").status()).isEqualTo(Status.OK_200);
    }

    @Test
    void unhealthyNodeAnswers503WithTheFullReport() {
        poll(Observe.healthy().jicofoHealth(500));
        ClientResponseTyped<String> report = get("/signal/report");
        assertThat(report.status()).isEqualTo(Status.SERVICE_UNAVAILABLE_503);
        assertThat(Json.keys(Json.parse(report.entity()))).contains("services", "stats", "agentmessage");
        ClientResponseTyped<String> health = get("/signal/health");
        assertThat(health.status()).isEqualTo(Status.SERVICE_UNAVAILABLE_503);
        assertThat(health.entity()).isEqualTo("NOT_OK");
    }

    @Test
    void graceEndsBetweenPollsWhenTheClockSaysSo() {
        poll(Observe.healthy());
        poll(Observe.healthy().jicofoHealth(503));
        assertThat(get("/signal/health").status()).isEqualTo(Status.OK_200);
        assertThat(Json.parse(get("/signal/report").entity()).get("status").asText()).isEqualTo("drain");
        CLOCK.advance(Duration.ofSeconds(120));
        assertThat(get("/signal/health").status()).isEqualTo(Status.SERVICE_UNAVAILABLE_503);
        assertThat(Json.parse(get("/signal/report").entity()).get("status").asText()).isEqualTo("ready");
    }

    @Test
    void censusIsNotFoundWhenOff() {
        ClientResponseTyped<String> census = get("/signal/census");
        assertThat(census.status()).isEqualTo(Status.NOT_FOUND_404);
        assertThat(Json.parse(census.entity()).get("error").asText()).contains("CENSUS_POLL");
    }

    @Test
    void wrongMethodIs405() {
        assertThat(client.post("/signal/health").request(String.class).status()).isEqualTo(Status.METHOD_NOT_ALLOWED_405);
    }
}
