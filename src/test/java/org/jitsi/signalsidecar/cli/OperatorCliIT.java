package org.jitsi.signalsidecar.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;

import org.jitsi.signalsidecar.config.CommandLine;
import org.jitsi.signalsidecar.config.ControlSettings;
import org.jitsi.signalsidecar.config.ListenAddress;
import org.jitsi.signalsidecar.config.SidecarConfig;
import org.jitsi.signalsidecar.testing.FreePort;
import org.jitsi.signalsidecar.testing.Json;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.jitsi.signalsidecar.testing.TestConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator commands against a real sidecar polling stub peers: output and exit statuses. */
class OperatorCliIT {
    private static final String TOKEN = "a-token-of-twenty-chars";

    @TempDir
    Path dir;
    private SidecarHarness node;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private TestConfig started(TestConfig config) {
        node.start(config);
        node.awaitReport(r -> r.get("healthy").asBoolean(), "a healthy report");
        return config;
    }

    /** The configuration the CLI reads: the running sidecar's, with the port it actually listens on. */
    private SidecarConfig asInstalled(TestConfig config) {
        SidecarConfig c = config.build();
        return new SidecarConfig(new ListenAddress("127.0.0.1", node.sidecar().httpPort()), c.agent(), c.limits(), c.peers(),
                c.rules(), c.reportAlways200(), c.metricsEnabled(), c.log(), c.dumps(), c.agentExtensions(),
                c.control(), c.operator(), c.shutdown(), c.consul());
    }

    private int run(SidecarConfig config, String... args) {
        CommandLine.Command command = CommandLine.parse(args, java.util.Map.of()).command().orElseThrow();
        return new OperatorCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC()).run(command, config);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void statusOfAHealthyNodeExitsZeroWithASummary() {
        node = new SidecarHarness(dir);
        SidecarConfig config = asInstalled(started(node.config()));
        assertThat(run(config, "status")).isZero();
        assertThat(out()).startsWith("HEALTHY, status ready, weight 100%; last poll ")
                .contains("agent: up ready 100%", "  jicofo health   200  ok", "  status file          says ready",
                        "last events:", "up ready 100%    first poll");
        assertThat(err()).isEmpty();
    }

    @Test
    void statusOfAnUnhealthyNodeExitsOneAndNamesTheProblem() {
        node = new SidecarHarness(dir);
        SidecarConfig config = asInstalled(started(node.config()));
        node.jicofo.reply("/about/health", 500, "text/plain", "broken");
        node.awaitReport(r -> !r.get("healthy").asBoolean(), "an unhealthy report");
        assertThat(run(config, "status")).isEqualTo(1);
        assertThat(out()).startsWith("UNHEALTHY, status ready, weight 0%")
                .contains("agent: down ready 0%", "  jicofo health   500  jicofo health answered 500",
                        "down ready 0%    jicofo health answered 500");
    }

    @Test
    void statusNamesEveryFailedInputAndCallsNoneOfThemOk() {
        node = new SidecarHarness(dir);
        SidecarConfig config = asInstalled(started(node.config()));
        node.jicofo.reply("/about/health", 500, "text/plain", "broken");
        node.jicofo.reply("/stats", 200, "application/json", "{not json");
        node.awaitReport(r -> r.get("services").get("jicofoStatusCode").asInt() == 500, "jicofo's 500 reported");
        assertThat(run(config, "status")).isEqualTo(1);
        assertThat(out()).contains("  jicofo health   500  jicofo health answered 500",
                "  jicofo stats    200  jicofo stats answered 200: ").doesNotContain("jicofo stats    200  ok");
    }

    @Test
    void statusShowsControlCharactersAndOverridesFromTheStatusFileAsEscapes() {
        node = new SidecarHarness(dir);
        SidecarConfig config = asInstalled(started(node.config()));
        node.status("dr\u001b[2J\u0007ain\u202Eyd");
        node.awaitReport(r -> r.get("status").asText().equals("unknown"), "the odd word read");
        run(config, "status");
        assertThat(out()).contains("says dr\\x1b[2J\\x07ain\\u202eyd").doesNotContain("\u001b", "\u0007", "\u202E");
    }

    @Test
    void statusJsonPrintsTheRawReport() {
        node = new SidecarHarness(dir);
        SidecarConfig config = asInstalled(started(node.config()));
        assertThat(run(config, "status", "--json")).isZero();
        assertThat(Json.parse(out()).get("agentmessage").asText()).isEqualTo("up ready 100%");
    }

    @Test
    void withoutARunningSidecarStatusExitsTwoWithOneLine() throws IOException {
        node = new SidecarHarness(dir);
        TestConfig config = node.config();
        try (Socket dead = FreePort.refusing()) {
            SidecarConfig c = config.build();
            SidecarConfig nobody = new SidecarConfig(new ListenAddress("127.0.0.1", dead.getLocalPort()), c.agent(), c.limits(),
                    c.peers(), c.rules(), c.reportAlways200(), c.metricsEnabled(), c.log(), c.dumps(),
                    c.agentExtensions(), c.control(), c.operator(), c.shutdown(), c.consul());
            assertThat(run(nobody, "status")).isEqualTo(2);
            assertThat(run(nobody, "drain")).isEqualTo(2);
        }
        assertThat(err().lines()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("signal-sidecar: "));
        assertThat(err()).contains("no sidecar answers at http://127.0.0.1:")
                .contains("wrote drain to " + dir.resolve("shard-status"));
    }

    @Test
    void drainWritesTheFileAndWaitsUntilTheSidecarReportsIt() {
        node = new SidecarHarness(dir);
        SidecarConfig config = asInstalled(started(node.config()));
        assertThat(run(config, "drain")).isZero();
        assertThat(out()).contains("the sidecar now reports status drain, agent up drain 0%");
        assertThat(node.report().get("status").asText()).isEqualTo("drain");
        assertThat(run(config, "ready")).isZero();
        assertThat(node.report().get("status").asText()).isEqualTo("ready");
    }

    @Test
    void noWaitOnlyWritesTheFile() throws IOException {
        node = new SidecarHarness(dir);
        SidecarConfig config = asInstalled(started(node.config()));
        assertThat(run(config, "maint", "--no-wait")).isZero();
        assertThat(Files.readString(dir.resolve("shard-status"))).isEqualTo("maint\n");
        assertThat(out()).isEqualTo("Wrote maint to " + dir.resolve("shard-status") + ".\n");
    }

    @Test
    void aStatusFileNobodyMayWriteIsOneLineAndExitOne() throws IOException {
        node = new SidecarHarness(dir);
        Path locked = Files.createDirectory(dir.resolve("locked"));
        SidecarConfig config = asInstalled(started(node.config()));
        SidecarConfig lockedFile = new SidecarConfig(config.http(), config.agent(), config.limits(),
                new org.jitsi.signalsidecar.config.PeerSettings(config.peers().jicofoOrigin(),
                        config.peers().prosodyOrigin(), locked.resolve("shard-status"), config.peers().pollInterval(),
                        config.peers().requestTimeout(), config.peers().censusHost()),
                config.rules(), config.reportAlways200(), config.metricsEnabled(), config.log(), config.dumps(),
                config.agentExtensions(), config.control(), config.operator(), config.shutdown(), config.consul());
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            int status = run(lockedFile, "drain");
            if (locked.toFile().canWrite()) {
                return; // root writes anywhere: nothing to test here
            }
            assertThat(status).isEqualTo(1);
            assertThat(err()).contains("permission denied").endsWith("\n").hasLineCount(1);
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void anotherUserWhoMayNotKeepTheFilesOwnerLeavesItAndSaysWhoseItIs() throws Exception {
        Path state = Files.createDirectory(dir.resolve("state"));
        Path file = Files.writeString(state.resolve("shard-status"), "ready\n");
        Assumptions.assumeTrue(Files.getOwner(file).getName().equals("root"), "needs root to run the CLI as another user");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        Path config = Files.writeString(dir.resolve("config.yaml"), "{}\n");
        ProcessBuilder builder = new ProcessBuilder("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                ProcessHandle.current().info().command().orElse("java"), "-jar", "target/signal-sidecar.jar",
                "drain", "--no-wait")
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile());
        builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
        builder.environment().putAll(java.util.Map.of("SIGNAL_SIDECAR_CONFIG", config.toString(),
                "STATUS_PATH", file.toString(), "HTTP_PORT", "9"));
        Process cli = builder.start();
        assertThat(cli.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(cli.exitValue()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("stderr"))).isEqualTo("signal-sidecar: cannot write the status file "
                + file + ": it belongs to user root, group root, and this user may not give a new file to them, so it"
                + " is left as it is: run this as root\n");
        assertThat(Files.getOwner(file).getName()).isEqualTo("root");
        assertThat(Files.readString(file)).isEqualTo("ready\n");
        try (var files = Files.list(state)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void withATokenItDrainsThroughTheApi() {
        node = new SidecarHarness(dir);
        SidecarConfig config = asInstalled(started(node.config().controlToken(TOKEN)));
        assertThat(run(config, "drain")).isZero();
        assertThat(out()).isEqualTo("The sidecar now reports drain.\n");
        assertThat(node.report().get("status").asText()).isEqualTo("drain");

        SidecarConfig wrong = new SidecarConfig(config.http(), config.agent(), config.limits(), config.peers(), config.rules(),
                config.reportAlways200(), config.metricsEnabled(), config.log(), config.dumps(),
                config.agentExtensions(), new ControlSettings(Optional.of("another-token-of-20-chars")),
                config.operator(), config.shutdown(), config.consul());
        assertThat(run(wrong, "ready")).isEqualTo(1);
        assertThat(err()).isEqualTo("signal-sidecar: the sidecar refused the token from the configuration (403)\n");
    }
}
