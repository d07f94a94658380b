package org.jitsi.signalsidecar;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.jitsi.signalsidecar.config.SidecarConfig;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.Http;
import org.jitsi.signalsidecar.testing.Json;
import org.jitsi.signalsidecar.testing.MutableClock;
import org.jitsi.signalsidecar.testing.Observe;
import org.jitsi.signalsidecar.testing.ScriptedPoll;
import org.jitsi.signalsidecar.testing.StubPeer;
import org.jitsi.signalsidecar.testing.TestConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /health}, {@code /health/live} and {@code /health/ready} over a real socket. */
class SidecarHealthIT {
    private static final Duration INTERVAL = Duration.ofMillis(20);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Three intervals plus the request timeout. */
    private static final Duration STALL_LIMIT = Duration.ofMillis(1060);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private final ScriptedPoll poll = new ScriptedPoll();
    private Sidecar sidecar;

    @AfterEach
    void stop() {
        if (sidecar != null) {
            sidecar.close();
        }
    }

    /** Starts a sidecar whose polls the test hands out; returns its HTTP port. */
    private int scripted(SidecarConfig config) {
        sidecar = Sidecar.start(config, clock, poll);
        return sidecar.httpPort();
    }

    private void pollHealthy() {
        poll.poll(Observe.healthy().at(clock.instant()));
    }

    private static int status(int port, String path) {
        return Http.get(port, path).statusCode();
    }

    private static JsonNode health(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        return Json.parse(response.body());
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }

    @Test
    void healthStaysUpWhileJicofoIsDownAndCarriesTheNodeAsData() throws IOException {
        Path status = Files.writeString(dir.resolve("shard-status"), "ready\n");
        try (StubPeer jicofo = StubPeer.jicofo(); StubPeer prosody = StubPeer.prosody()) {
            jicofo.reply("/about/health", 500, "text/plain", "jicofo is broken");
            sidecar = Sidecar.start(TestConfig.loopback().peers(jicofo.origin(), prosody.origin()).statusFile(status)
                    .interval(INTERVAL).requestTimeout(TIMEOUT).build(), Clock.systemUTC());
            Await.until(() -> sidecar.store().current().polled(), polled -> polled, "the first poll");
            int port = sidecar.httpPort();

            HttpResponse<String> response = Http.get(port, "/health");
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode health = health(response);
            assertThat(health.get("status").asText()).isEqualTo("UP");
            JsonNode node = check(health, "signalNode");
            assertThat(node.get("status").asText()).isEqualTo("UP");
            assertThat(node.get("data").get("healthy").asBoolean()).isFalse();
            assertThat(node.get("data").get("jicofoHealthy").asBoolean()).isFalse();
            assertThat(node.get("data").get("jicofoReachable").asBoolean()).isTrue();
            assertThat(node.get("data").get("prosodyHealthy").asBoolean()).isTrue();
            assertThat(node.get("data").get("agentMessage").asText()).isEqualTo("down ready 0%");
            assertThat(node.get("data").get("problems").asText()).contains("jicofo health answered 500");
            for (String name : new String[] {"pollLoop", "agentListener", "deadlock", "firstPoll"}) {
                assertThat(check(health, name).get("status").asText()).as(name).isEqualTo("UP");
            }
            assertThat(status(port, "/health/live")).isEqualTo(200);
            assertThat(status(port, "/health/ready")).isEqualTo(200);
            assertThat(status(port, "/signal/health")).isEqualTo(503);
        }
    }

    @Test
    void healthGoesDownWhenThePollLoopStalls() {
        int port = scripted(TestConfig.loopback().interval(INTERVAL).requestTimeout(TIMEOUT).build());
        pollHealthy();
        // the loop now waits for a poll that never comes: stalled
        clock.advance(STALL_LIMIT);
        assertThat(status(port, "/health")).isEqualTo(200);

        clock.advance(Duration.ofMillis(1));
        HttpResponse<String> response = Http.get(port, "/health");
        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode health = health(response);
        assertThat(health.get("status").asText()).isEqualTo("DOWN");
        JsonNode loop = check(health, "pollLoop");
        assertThat(loop.get("status").asText()).isEqualTo("DOWN");
        assertThat(loop.get("data").get("lastPoll").asText()).isEqualTo("2026-11-25T06:00:00.000Z");
        assertThat(loop.get("data").get("secondsSince").asDouble()).isEqualTo(1.061);
        assertThat(loop.get("data").get("limitSeconds").asDouble()).isEqualTo(1.06);
        assertThat(status(port, "/health/live")).isEqualTo(503);
        assertThat(status(port, "/health/ready")).isEqualTo(200);

        pollHealthy();
        assertThat(status(port, "/health")).isEqualTo(200);
    }

    @Test
    void readyOnlyOnceTheFirstPollCompleted() {
        int port = scripted(TestConfig.loopback().build());
        poll.awaitAsked();
        HttpResponse<String> ready = Http.get(port, "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(check(health(ready), "firstPoll").get("status").asText()).isEqualTo("DOWN");
        assertThat(check(health(ready), "signalNode").get("status").asText()).isEqualTo("UP");
        assertThat(status(port, "/health/live")).isEqualTo(200);

        clock.advanceSeconds(0.5);
        pollHealthy();
        ready = Http.get(port, "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(check(health(ready), "firstPoll").get("data").get("lastPoll").asText())
                .isEqualTo("2026-11-25T06:00:00.500Z");
        assertThat(status(port, "/health")).isEqualTo(200);
    }

    @Test
    void headIsAnsweredAndOtherMethodsAreWrong() {
        int port = scripted(TestConfig.loopback().build());
        pollHealthy();
        assertThat(Http.send(port, "HEAD", "/health").statusCode()).isEqualTo(204);
        for (String path : new String[] {"/health", "/health/live", "/health/ready"}) {
            HttpResponse<String> post = Http.send(port, "POST", path);
            assertThat(post.statusCode()).as(path).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).as(path).hasValue("GET, HEAD");
            assertThat(status(port, path)).as(path).isEqualTo(200);
        }
    }

    @Test
    void withoutMetricsThereIsNoMetricsEndpoint() {
        int port = scripted(TestConfig.loopback().metrics(false).build());
        assertThat(status(port, "/metrics")).isEqualTo(404);
        assertThat(status(port, "/observe/metrics")).isEqualTo(404);
        assertThat(status(port, "/observe/health")).isEqualTo(404);
    }
}
