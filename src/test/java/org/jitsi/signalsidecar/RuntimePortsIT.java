package org.jitsi.signalsidecar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import org.jitsi.signalsidecar.lifecycle.RuntimeFile;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.FreePort;
import org.jitsi.signalsidecar.testing.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ports the running sidecar publishes in {@code $RUNTIME_DIRECTORY/ports}, and the tools that
 * find it there: the container's health check (src/main/sh/container-health, bash) and the
 * operator commands, whatever port their own settings name.
 */
class RuntimePortsIT {
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final String JAR = System.getenv().getOrDefault("SIGNAL_SIDECAR_JAR", "target/signal-sidecar.jar");
    private static final String PROBE = "src/main/sh/container-health";

    @TempDir
    Path dir;

    @Test
    void theSidecarPublishesThePortsTheKernelChoseAndTheToolsFindItThere() throws Exception {
        Files.writeString(dir.resolve("config.yaml"), "{}\n");
        Files.writeString(dir.resolve("shard-status"), "drain\n");
        Path runtime = Files.createDirectory(dir.resolve("run"));
        int deadPort = FreePort.pick();
        Map<String, String> env = Map.of("RUNTIME_DIRECTORY", runtime.toString(),
                "HTTP_HOST", "127.0.0.1", "HTTP_PORT", "0", "TCP_HOST", "127.0.0.1", "TCP_PORT", "0",
                "JICOFO_ORIG", "http://127.0.0.1:" + deadPort, "PROSODY_ORIG", "http://127.0.0.1:" + deadPort,
                "STATUS_PATH", dir.resolve("shard-status").toString());
        Process sidecar = start(env, "sidecar");
        try {
            RuntimeFile.Ports ports = Await.until(() -> new RuntimeFile(runtime.resolve("ports")).readIfAny().orElse(null),
                    p -> p != null, Duration.ofSeconds(30), "the sidecar to publish its ports");
            assertThat(ports.httpHost()).isEqualTo("127.0.0.1");
            assertThat(ports.httpPort()).isPositive().isNotEqualTo(ports.agentPort());
            assertThat(Http.agent(ports.agentPort())).isEqualTo("down drain 0%\n");
            Await.until(() -> Http.get(ports.httpPort(), "/health").statusCode(), s -> s == 200,
                    Duration.ofSeconds(10), "/health to answer 200 after the first poll");

            assertThat(probe(runtime)).isEqualTo("0 ");
            // the tools' own settings name port 0 (or the image's 6000): the published port wins
            Process status = start(env, "status", "status");
            assertThat(status.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(status.exitValue()).as(output("status.err")).isEqualTo(1); // no jicofo: unhealthy, but found
            assertThat(output("status.out")).startsWith("UNHEALTHY, status drain");
            Process healthcheck = start(env, "healthcheck", "--healthcheck");
            assertThat(healthcheck.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(healthcheck.exitValue()).as(output("healthcheck.err")).isZero();
        } finally {
            sidecar.destroy();
            assertThat(sidecar.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(probe(runtime)).startsWith("1 signal-sidecar: unhealthy: cannot connect to http://127.0.0.1:");
    }

    @Test
    void theHealthCheckScriptSaysWhatItFound() throws Exception {
        Path runtime = Files.createDirectory(dir.resolve("run"));
        assertThat(probe(runtime)).isEqualTo("1 signal-sidecar: unhealthy: no " + runtime
                + "/ports: the sidecar has not started yet, or cannot write " + runtime + "\n");

        Files.writeString(runtime.resolve("ports"), "agent_port=6060\n");
        assertThat(probe(runtime)).isEqualTo("1 signal-sidecar: unhealthy: " + runtime + "/ports holds no http_port\n");

        WebServer stub = WebServer.builder().host("127.0.0.1").port(0).featuresDiscoverServices(false)
                .routing(r -> r.get("/health", (req, res) -> res.status(Status.SERVICE_UNAVAILABLE_503).send("{}")))
                .build().start();
        try {
            Files.writeString(runtime.resolve("ports"), "http_host=0.0.0.0\nhttp_port=" + stub.port() + "\n");
            assertThat(probe(runtime)).isEqualTo("1 signal-sidecar: unhealthy: http://127.0.0.1:" + stub.port()
                    + "/health answered 'HTTP/1.1 503 Service Unavailable'\n");
        } finally {
            stub.stop();
        }
    }

    /** Runs the container's health check: its exit status, a space, and what it wrote to stderr. */
    private String probe(Path runtime) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(PROBE).redirectError(dir.resolve("probe.err").toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("RUNTIME_DIRECTORY", runtime.toString());
        Process probe = builder.start();
        assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return probe.exitValue() + " " + output("probe.err");
    }

    private Process start(Map<String, String> env, String name, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(JAVA, "-jar", JAR));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        builder.environment().keySet().removeIf(variable -> !variable.equals("PATH"));
        builder.environment().put("SIGNAL_SIDECAR_CONFIG", dir.resolve("config.yaml").toString());
        builder.environment().putAll(env);
        return builder.start();
    }

    private String output(String file) {
        try {
            return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
