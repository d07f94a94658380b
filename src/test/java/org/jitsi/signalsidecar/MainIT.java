package org.jitsi.signalsidecar;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.FreePort;
import org.jitsi.signalsidecar.testing.Http;
import org.jitsi.signalsidecar.testing.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged jar as an operator starts it: {@code java -jar signal-sidecar.jar} with legacy variables. */
class MainIT {
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final String JAR = System.getenv().getOrDefault("SIGNAL_SIDECAR_JAR", "target/signal-sidecar.jar");

    @TempDir
    Path dir;

    private Process start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(JAVA, "-jar", JAR));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(false)
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile());
        builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
        builder.environment().put("SIGNAL_SIDECAR_CONFIG", dir.resolve("absent.yaml").toString());
        builder.environment().putAll(env);
        return builder.start();
    }

    private String stderr() throws IOException {
        return Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
    }

    @Test
    void badConfigExitsWith78AndOneLine() throws Exception {
        Files.writeString(dir.resolve("absent.yaml"), "{}\n");
        Process p = start(Map.of("HTTP_PORT", "abc"));
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(78);
        assertThat(stderr()).isEqualTo("signal-sidecar: invalid HTTP_PORT='abc': expected a port 1-65535, or 0 for any free port\n");
    }

    @Test
    void withoutJicofoItStartsAndReportsTheNodeUnhealthy() throws Exception {
        Files.writeString(dir.resolve("absent.yaml"), "{}\n");
        Files.writeString(dir.resolve("shard-status"), "ready\n");
        int httpPort = FreePort.pick();
        Socket dead = FreePort.refusing(); // picked twice, a port could be the sidecar's own HTTP port
        int deadPort = dead.getLocalPort();
        Process p = start(Map.of(
                "HTTP_HOST", "127.0.0.1", "HTTP_PORT", String.valueOf(httpPort),
                "TCP_HOST", "127.0.0.1", "TCP_PORT", String.valueOf(FreePort.pick()),
                "JICOFO_ORIG", "http://127.0.0.1:" + deadPort,
                "PROSODY_ORIG", "http://127.0.0.1:" + deadPort,
                "STATUS_PATH", dir.resolve("shard-status").toString(),
                "POLLING_INTERVAL", "0.2"));
        try {
            HttpResponse<String> report = Await.until(() -> getIfListening(httpPort, "/signal/report"),
                    r -> r != null && Json.parse(r.body()).get("services").get("statusFileFound").asBoolean(),
                    Duration.ofSeconds(30), "a polled report");
            assertThat(report.statusCode()).isEqualTo(503);
            assertThat(Json.parse(report.body()).get("services").get("jicofoReachable").asBoolean()).isFalse();
            assertThat(Json.parse(report.body()).get("agentmessage").asText()).isEqualTo("down ready 0%");
            // /health is 503 until the first poll is done (readiness), which may follow the start line
            Await.until(() -> Http.get(httpPort, "/health").statusCode(), status -> status == 200,
                    Duration.ofSeconds(10), "/health to answer 200 on the port the start line named");
        } finally {
            dead.close();
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void theOperatorCommandsAskTheRunningSidecar() throws Exception {
        Files.writeString(dir.resolve("absent.yaml"), "{}\n");
        Files.writeString(dir.resolve("shard-status"), "ready\n");
        int httpPort = FreePort.pick();
        Socket dead = FreePort.refusing();
        Map<String, String> env = Map.of(
                "HTTP_HOST", "127.0.0.1", "HTTP_PORT", String.valueOf(httpPort),
                "TCP_HOST", "127.0.0.1", "TCP_PORT", String.valueOf(FreePort.pick()),
                "JICOFO_ORIG", "http://127.0.0.1:" + dead.getLocalPort(),
                "PROSODY_ORIG", "http://127.0.0.1:" + dead.getLocalPort(),
                "STATUS_PATH", dir.resolve("shard-status").toString(),
                "POLLING_INTERVAL", "0.2");
        Process sidecar = start(env);
        try {
            Await.until(() -> getIfListening(httpPort, "/signal/report"),
                    r -> r != null && Json.parse(r.body()).get("services").get("statusFileFound").asBoolean(),
                    Duration.ofSeconds(30), "a polled report");
            Process status = start(env, "status");
            assertThat(status.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(status.exitValue()).isEqualTo(1); // no jicofo: unhealthy
            assertThat(Files.readString(dir.resolve("stdout"))).startsWith("UNHEALTHY, status ready, weight 0%")
                    .contains("agent: down ready 0%", "jicofo health refused the connection");

            Process drain = start(env, "drain");
            assertThat(drain.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(drain.exitValue()).as(stderr()).isZero();
            assertThat(Files.readString(dir.resolve("shard-status"))).isEqualTo("drain\n");
            assertThat(Json.parse(Http.get(httpPort, "/signal/report").body()).get("status").asText()).isEqualTo("drain");

            Process typo = start(env, "drian");
            assertThat(typo.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(typo.exitValue()).isEqualTo(78);
            assertThat(stderr()).startsWith("signal-sidecar: invalid argument 'drian': expected").hasLineCount(1);
        } finally {
            dead.close();
            sidecar.destroy();
            assertThat(sidecar.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        Process status = start(env, "status");
        assertThat(status.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(status.exitValue()).isEqualTo(2);
        assertThat(stderr()).startsWith("signal-sidecar: no sidecar answers at http://127.0.0.1:" + httpPort)
                .hasLineCount(1);
    }

    @Test
    void onPortZeroItLogsThePortsTheKernelChoseAndServesOnThem() throws Exception {
        Files.writeString(dir.resolve("absent.yaml"), "{}\n");
        int deadPort = FreePort.pick();
        Process p = start(Map.of(
                "HTTP_HOST", "127.0.0.1", "HTTP_PORT", "0", "TCP_HOST", "127.0.0.1", "TCP_PORT", "0",
                "JICOFO_ORIG", "http://127.0.0.1:" + deadPort, "PROSODY_ORIG", "http://127.0.0.1:" + deadPort,
                "STATUS_PATH", dir.resolve("shard-status").toString()));
        Pattern started = Pattern.compile("signal-sidecar serves HTTP on port (\\d+) and the HAProxy agent on port (\\d+)\\.");
        try {
            Matcher ports = Await.until(() -> started.matcher(logs()), Matcher::find,
                    Duration.ofSeconds(30), "the start line with both ports");
            int httpPort = Integer.parseInt(ports.group(1));
            int agentPort = Integer.parseInt(ports.group(2));
            assertThat(httpPort).isPositive().isNotEqualTo(agentPort);
            assertThat(agentPort).isPositive();
            // /health is 503 until the first poll is done (readiness), which may follow the start line
            Await.until(() -> Http.get(httpPort, "/health").statusCode(), status -> status == 200,
                    Duration.ofSeconds(10), "/health to answer 200 on the port the start line named");
            try (Socket agent = new Socket("127.0.0.1", agentPort);
                 BufferedReader line = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.US_ASCII))) {
                assertThat(line.readLine()).isEqualTo("down drain 0%");
            }
        } finally {
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Everything the sidecar logged so far, on either stream. */
    private String logs() {
        try {
            return Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8) + stderr();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The answer, or null while the sidecar is not listening yet. */
    private static HttpResponse<String> getIfListening(int port, String path) {
        try {
            return Http.get(port, path);
        } catch (UncheckedIOException e) {
            return null;
        }
    }
}
