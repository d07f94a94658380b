package org.jitsi.signalsidecar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.FreePort;
import org.jitsi.signalsidecar.testing.Http;
import org.jitsi.signalsidecar.testing.Json;
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
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final String JAR = System.getenv().getOrDefault("SIGNAL_SIDECAR_JAR", "target/signal-sidecar.jar");

    @TempDir
    Path dir;
    private final StubPeer jicofo = StubPeer.jicofo();
    private final StubPeer prosody = StubPeer.prosody();
    private final int httpPort = FreePort.pick();
    private final int agentPort = FreePort.pick();
    private Process process;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        jicofo.close();
        prosody.close();
    }

    /** Starts the jar with this grace and waits until the agent says the node is up and ready. */
    private void start(String drainSeconds) throws IOException {
        Files.writeString(dir.resolve("shard-status"), "ready\n");
        Files.writeString(dir.resolve("config.yaml"), "{}\n");
        ProcessBuilder builder = new ProcessBuilder(List.of(JAVA, "-jar", JAR))
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile());
        builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
        Map<String, String> env = builder.environment();
        env.put("SIGNAL_SIDECAR_CONFIG", dir.resolve("config.yaml").toString());
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("HTTP_PORT", String.valueOf(httpPort));
        env.put("TCP_HOST", "127.0.0.1");
        env.put("TCP_PORT", String.valueOf(agentPort));
        env.put("JICOFO_ORIG", jicofo.origin());
        env.put("PROSODY_ORIG", prosody.origin());
        env.put("STATUS_PATH", dir.resolve("shard-status").toString());
        env.put("POLLING_INTERVAL", "0.2");
        env.put("REQUEST_TIMEOUT", "5");
        env.put("SHUTDOWN_DRAIN_SECONDS", drainSeconds);
        process = builder.start();
        Await.until(() -> process.isAlive() ? agentIfListening() : "exited: " + stderr(),
                line -> line.equals("up ready 100%\n") || line.startsWith("exited"), Duration.ofSeconds(60),
                "the sidecar to start and find the node up and ready");
        assertThat(process.isAlive()).as(stderr()).isTrue();
    }

    private String agentIfListening() {
        try {
            return Http.agent(agentPort);
        } catch (UncheckedIOException e) {
            return "not listening: " + e.getMessage();
        }
    }

    private String stderr() {
        try {
            return Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void assertDrainingAndStillAnswering() {
        Await.until(this::agentIfListening, "up drain 0%\n"::equals, "the agent to say drain during the grace");
        assertThat(Http.get(httpPort, "/signal/health").statusCode()).isEqualTo(503);
        assertThat(Http.get(httpPort, "/about/health").statusCode()).isEqualTo(503);
        HttpResponse<String> report = Http.get(httpPort, "/signal/report");
        assertThat(Json.parse(report.body()).get("status").asText()).isEqualTo("drain");
        assertThat(Json.parse(report.body()).get("agentmessage").asText()).isEqualTo("up drain 0%");
        assertThat(Files.exists(dir.resolve("shard-status"))).isTrue();
    }

    private void assertExitedZeroWithPortsClosed(Duration within) throws InterruptedException {
        assertThat(process.waitFor(within.toSeconds(), TimeUnit.SECONDS)).as("exited within " + within).isTrue();
        assertThat(process.exitValue()).as(stderr()).isZero();
        assertThatThrownBy(() -> Http.agent(agentPort)).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> Http.get(httpPort, "/signal/health")).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void duringTheGraceTheAgentSaysDrainThenThePortsCloseAndTheExitStatusIsZero() throws Exception {
        start("6");

        process.destroy(); // SIGTERM

        assertDrainingAndStillAnswering();
        assertExitedZeroWithPortsClosed(Duration.ofSeconds(30));
        assertThat(stderr()).contains("SIGTERM: reporting the node draining for 6 s before stopping")
                .contains("Stopped.");
        assertThat(Files.readString(dir.resolve("shard-status"))).isEqualTo("ready\n");
    }

    @Test
    void aSecondSigtermEndsTheGraceAtOnce() throws Exception {
        start("600");
        process.destroy();
        assertDrainingAndStillAnswering();

        process.destroy(); // SIGTERM again

        assertExitedZeroWithPortsClosed(Duration.ofSeconds(30));
        assertThat(stderr()).contains("SIGTERM again: ending the shutdown grace now.");
    }

    @Test
    void withoutAGraceSigtermStopsAtOnceWithStatusZero() throws Exception {
        start("0");
        process.destroy();
        assertExitedZeroWithPortsClosed(Duration.ofSeconds(30));
        assertThat(stderr()).doesNotContain("draining");
    }
}
