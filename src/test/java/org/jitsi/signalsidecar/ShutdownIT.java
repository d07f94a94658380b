package org.jitsi.signalsidecar;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.Http;
import org.jitsi.signalsidecar.testing.Json;
import org.jitsi.signalsidecar.testing.SidecarProcess;
import org.jitsi.signalsidecar.testing.StubPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shutdown grace of the packaged jar, stopped as systemd, Docker and Nomad stop it: SIGTERM
 * ({@link Process#destroy()} sends it). During the grace the agent says drain and the HTTP health
 * checks fail; then both ports close and the process exits 0; a second SIGTERM ends the grace.
 */
class ShutdownIT {
    @TempDir
    Path dir;
    private final StubPeer jicofo = StubPeer.jicofo();
    private final StubPeer prosody = StubPeer.prosody();
    private SidecarProcess sidecar;

    @AfterEach
    void stop() {
        if (sidecar != null) {
            sidecar.close();
        }
        jicofo.close();
        prosody.close();
    }

    /** Starts the jar with this grace and waits until the agent says the node is up and ready. */
    private void start(String drainSeconds) {
        sidecar = SidecarProcess.start(dir, List.of(), jicofo, prosody,
                Map.of("REQUEST_TIMEOUT", "5", "SHUTDOWN_DRAIN_SECONDS", drainSeconds));
        Await.until(sidecar::agent, "up ready 100%\n"::equals, "the sidecar to find the node up and ready");
    }

    private String stderr() {
        return sidecar.stderr();
    }

    private void assertDrainingAndStillAnswering() {
        int httpPort = sidecar.httpPort();
        Await.until(sidecar::agent, "up drain 0%\n"::equals, "the agent to say drain during the grace");
        assertThat(Http.get(httpPort, "/signal/health").statusCode()).isEqualTo(503);
        assertThat(Http.get(httpPort, "/about/health").statusCode()).isEqualTo(503);
        HttpResponse<String> report = Http.get(httpPort, "/signal/report");
        assertThat(Json.parse(report.body()).get("status").asText()).isEqualTo("drain");
        assertThat(Json.parse(report.body()).get("agentmessage").asText()).isEqualTo("up drain 0%");
        assertThat(Files.exists(dir.resolve("shard-status"))).isTrue();
    }

    private void assertExitedZeroWithPortsClosed(Duration within) throws InterruptedException {
        assertThat(sidecar.exitedWithin(within)).as("exited within " + within).isTrue();
        assertThat(sidecar.exitValue()).as(stderr()).isZero();
        assertThatThrownBy(() -> Http.agent(sidecar.agentPort())).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> Http.get(sidecar.httpPort(), "/signal/health")).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void duringTheGraceTheAgentSaysDrainThenThePortsCloseAndTheExitStatusIsZero() throws Exception {
        start("6");

        sidecar.terminate(); // SIGTERM

        assertDrainingAndStillAnswering();
        assertExitedZeroWithPortsClosed(Duration.ofSeconds(30));
        assertThat(stderr()).contains("SIGTERM: reporting the node draining for 6 s before stopping")
                .contains("Stopped.");
        assertThat(Files.readString(dir.resolve("shard-status"))).isEqualTo("ready\n");
    }

    @Test
    void aSecondSigtermEndsTheGraceAtOnce() throws Exception {
        start("600");
        sidecar.terminate();
        assertDrainingAndStillAnswering();

        sidecar.terminate(); // SIGTERM again

        assertExitedZeroWithPortsClosed(Duration.ofSeconds(30));
        assertThat(stderr()).contains("SIGTERM again: ending the shutdown grace now.");
    }

    @Test
    void withoutAGraceSigtermStopsAtOnceWithStatusZero() throws Exception {
        start("0");
        sidecar.terminate();
        assertExitedZeroWithPortsClosed(Duration.ofSeconds(30));
        assertThat(stderr()).doesNotContain("draining");
    }

    private void hangUp() throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", String.valueOf(sidecar.pid())).start();
        assertThat(kill.waitFor()).isZero();
    }

    @Test
    void sighupIsLoggedAndTheNodeKeepsRunningAsItWas() throws Exception {
        start("600");

        hangUp();

        Await.until(this::stderr, text -> text.contains("SIGHUP: ignored; the sidecar keeps running"), "the SIGHUP line");
        assertThat(sidecar.exitedWithin(Duration.ofMillis(200))).isFalse();
        assertThat(sidecar.agent()).isEqualTo("up ready 100%\n");
        assertThat(Http.get(sidecar.httpPort(), "/signal/health").statusCode()).isEqualTo(200);
    }

    @Test
    void sighupDuringTheGraceNeitherEndsNorShortensIt() throws Exception {
        start("600");
        sidecar.terminate();
        assertDrainingAndStillAnswering();

        hangUp();

        Await.until(this::stderr, text -> text.contains("SIGHUP: ignored"), "the SIGHUP line");
        assertThat(sidecar.exitedWithin(Duration.ofMillis(200))).isFalse();
        assertDrainingAndStillAnswering();
        sidecar.terminate();
        assertExitedZeroWithPortsClosed(Duration.ofSeconds(30));
        assertThat(stderr()).doesNotContain("SIGHUP again");
    }
}
