package org.jitsi.signalsidecar.config;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.jitsi.signalsidecar.report.AgentExtensions;
import org.jitsi.signalsidecar.report.EvaluationRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    /** A YAML file that does not exist: only defaults and the given environment count. */
    private Optional<Path> noFile() {
        return Optional.empty();
    }

    private static SidecarConfig load(Optional<Path> file, Map<String, String> env) {
        return ConfigLoader.load(file, env).config();
    }

    private Optional<Path> yaml(String text) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, text);
        return Optional.of(file);
    }

    @Test
    void everyDefaultFromAnEmptyEnvironment() {
        SidecarConfig c = load(noFile(), Map.of());
        assertThat(c.http()).isEqualTo(new ListenAddress("0.0.0.0", 6000));
        assertThat(c.agent()).isEqualTo(new ListenAddress("0.0.0.0", 6060));
        assertThat(c.peers().jicofoOrigin()).isEqualTo(URI.create("http://localhost:8888"));
        assertThat(c.peers().prosodyOrigin()).isEqualTo(URI.create("http://localhost:5280"));
        assertThat(c.peers().statusFile()).isEqualTo(Path.of("/etc/jitsi/shard-status"));
        assertThat(c.peers().pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.peers().requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.peers().censusHost()).isEmpty();
        assertThat(c.rules()).isEqualTo(new EvaluationRules(5000, false, Duration.ofSeconds(30),
                Duration.ofSeconds(120)));
        assertThat(c.reportAlways200()).isFalse();
        assertThat(c.metricsEnabled()).isTrue();
        assertThat(c.log()).isEqualTo(new LogSettings(LogSettings.Level.INFO, LogSettings.Format.TEXT));
        assertThat(c.dumps()).isEqualTo(DumpScripts.none());
        assertThat(c.agentExtensions()).isEqualTo(AgentExtensions.NONE);
        assertThat(c.operator()).isEqualTo(new OperatorSettings(200, true));
        assertThat(c.consul()).isEqualTo(new ConsulSettings(URI.create("http://localhost:8500"), Optional.empty(),
                false, "shard-state", false, "shard-report", Duration.ofSeconds(60), false, Duration.ofSeconds(55)));
        assertThat(c.consul()).isEqualTo(ConsulSettings.disabled());
    }

    @Test
    void theShippedYamlSaysExactlyTheDefaults() {
        Path shipped = Path.of("etc/config.yaml");
        assertThat(load(Optional.of(shipped), Map.of())).isEqualTo(load(noFile(), Map.of()));
        assertThat(ConfigLoader.load(Optional.of(shipped), Map.of()).warnings()).as("no unknown keys").isEmpty();
    }

    @Test
    void everyLegacyVariableOverridesTheYaml() throws IOException {
        Path script = executable("dump.sh");
        Optional<Path> file = yaml("""
                http: {host: 127.0.0.2, port: 7000}
                agent: {host: 127.0.0.2, port: 7060, maxconn: 9, reason: false}
                jicofo: {origin: "http://yaml:1", dump: ""}
                prosody: {origin: "http://yaml:2"}
                status-file: /yaml/status
                poll: {interval: 9, request-timeout: 9}
                participants: {max: 9, weight: false}
                flap: {health-dampening-interval: 9, drain-grace-interval: 99}
                census: {enabled: false, host: yaml.test}
                report: {always-200: false}
                metrics: {enabled: true}
                log: {level: error, format: text}
                events: {max: 9}
                page: {enabled: true}
                """);
        Map<String, String> env = new HashMap<>();
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("HTTP_PORT", "16000");
        env.put("TCP_HOST", "127.0.0.1");
        env.put("TCP_PORT", "16060");
        env.put("JICOFO_ORIG", "http://127.0.0.1:18888/");
        env.put("PROSODY_ORIG", "http://127.0.0.1:15280");
        env.put("STATUS_PATH", "/run/shard-status");
        env.put("POLLING_INTERVAL", "1");
        env.put("REQUEST_TIMEOUT", "0.5");
        env.put("PARTICIPANT_MAX", "200");
        env.put("WEIGHT_PARTICIPANTS", "true");
        env.put("HEALTH_DAMPENING_INTERVAL", "4");
        env.put("DRAIN_GRACE_INTERVAL", "10");
        env.put("CENSUS_POLL", "true");
        env.put("CENSUS_HOST", "meet.test");
        env.put("REPORT_ALWAYS_200", "true");
        env.put("METRICS", "false");
        env.put("LOG_LEVEL", "debug");
        env.put("LOG_FORMAT", "json");
        env.put("JICOFO_DUMP", script.toString());
        env.put("PROSODY_DUMP", script.toString());
        env.put("DUMP_TIMEOUT", "2.5");
        env.put("AGENT_MAXCONN", "500");
        env.put("AGENT_REASON", "true");
        env.put("EVENTS_MAX", "50");
        env.put("STATUS_PAGE", "false");
        env.put("CONSUL_HOST", "consul.service.test");
        env.put("CONSUL_PORT", "8501");
        env.put("CONSUL_SECURE", "true");
        env.put("CONSUL_TOKEN", "b1gs3cret");
        env.put("CONSUL_STATUS", "true");
        env.put("CONSUL_STATUS_KEY", "shard-states/prod/shard-1");
        env.put("CONSUL_REPORTS", "true");
        env.put("CONSUL_REPORT_KEY", "signal-report/prod/shard-1");
        env.put("CONSUL_REPORTS_INTERVAL", "30");
        env.put("CENSUS_REPORTS", "true");

        SidecarConfig c = load(file, env);
        assertThat(c.http()).isEqualTo(new ListenAddress("127.0.0.1", 16000));
        assertThat(c.agent()).isEqualTo(new ListenAddress("127.0.0.1", 16060));
        assertThat(c.peers().jicofoOrigin()).isEqualTo(URI.create("http://127.0.0.1:18888"));
        assertThat(c.peers().prosodyOrigin()).isEqualTo(URI.create("http://127.0.0.1:15280"));
        assertThat(c.peers().statusFile()).isEqualTo(Path.of("/run/shard-status"));
        assertThat(c.peers().pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.peers().requestTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.peers().censusHost()).contains("meet.test");
        assertThat(c.rules()).isEqualTo(new EvaluationRules(200, true, Duration.ofSeconds(4),
                Duration.ofSeconds(10)));
        assertThat(c.reportAlways200()).isTrue();
        assertThat(c.metricsEnabled()).isFalse();
        assertThat(c.log()).isEqualTo(new LogSettings(LogSettings.Level.DEBUG, LogSettings.Format.JSON));
        assertThat(c.dumps()).isEqualTo(new DumpScripts(Optional.of(script), Optional.of(script), Duration.ofMillis(2500)));
        assertThat(c.agentExtensions()).isEqualTo(new AgentExtensions(OptionalInt.of(500), true));
        assertThat(c.operator()).isEqualTo(new OperatorSettings(50, false));
        assertThat(c.consul()).isEqualTo(new ConsulSettings(URI.create("https://consul.service.test:8501"),
                Optional.of(new ConsulToken("b1gs3cret")), true, "shard-states/prod/shard-1", true,
                "signal-report/prod/shard-1", Duration.ofSeconds(30), true, Duration.ofSeconds(55)));
    }

    @Test
    void consulKeysInTheYaml() throws IOException {
        Path tokenFile = Files.writeString(dir.resolve("consul-token"), "  f00d-token\n");
        SidecarConfig c = load(yaml("""
                consul:
                  host: 10.0.0.7
                  port: 8600
                  token-file: %s
                  status: {enabled: true, key: shard-states/stage/s2}
                  reports: {enabled: true, key: signal-report/stage/s2, interval: 15}
                """.formatted(tokenFile)), Map.of());
        assertThat(c.consul()).isEqualTo(new ConsulSettings(URI.create("http://10.0.0.7:8600"),
                Optional.of(new ConsulToken("f00d-token")), true, "shard-states/stage/s2", true,
                "signal-report/stage/s2", Duration.ofSeconds(15), false, Duration.ofSeconds(55)));
        assertThat(load(noFile(), Map.of("CONSUL_HOST", "[::1]")).consul().api())
                .isEqualTo(URI.create("http://[::1]:8500"));
    }

    @Test
    void theConsulTokenIsNeverShown() throws IOException {
        SidecarConfig c = load(noFile(), Map.of("CONSUL_TOKEN", "b1gs3cret"));
        assertThat(c.toString()).doesNotContain("b1gs3cret");
        assertThatThrownBy(() -> load(noFile(), Map.of("CONSUL_TOKEN", "b1g s3cret")))
                .hasMessage("invalid CONSUL_TOKEN (value not shown): expected a token of printable characters without spaces");
        Path bad = Files.writeString(dir.resolve("bad-token"), "b1g s3cret\n");
        assertThatThrownBy(() -> load(noFile(), Map.of("CONSUL_TOKEN_FILE", bad.toString())))
                .hasMessage("invalid CONSUL_TOKEN_FILE='" + bad + "': expected the file to hold one token of printable "
                        + "characters without spaces (contents not shown)");
        Path empty = Files.writeString(dir.resolve("empty-token"), "\n");
        assertThatThrownBy(() -> load(noFile(), Map.of("CONSUL_TOKEN_FILE", empty.toString())))
                .hasMessage("invalid CONSUL_TOKEN_FILE='" + empty + "': the file is empty, expected it to hold the Consul token");
    }

    @Test
    void censusReportsWithoutConsulReportsAreAWarning() {
        ConfigLoader.Loaded loaded = ConfigLoader.load(noFile(), Map.of("CENSUS_REPORTS", "true"));
        assertThat(loaded.config().consul().censusReports()).isTrue();
        assertThat(loaded.warnings()).singleElement().asString()
                .isEqualTo("CENSUS_REPORTS is true but CONSUL_REPORTS is false: no report is published, so it has no effect");
    }

    @Test
    void yamlOverridesDefaults() throws IOException {
        SidecarConfig c = load(yaml("""
                http:
                  port: 7000
                poll:
                  interval: PT0.25S
                participants:
                  max: 300
                census:
                  enabled: yes
                  host: meet.example.com
                agent:
                  maxconn: 200
                  reason: yes
                events:
                  max: 10000
                page:
                  enabled: off
                """), Map.of());
        assertThat(c.http().port()).isEqualTo(7000);
        assertThat(c.agent().port()).isEqualTo(6060);
        assertThat(c.peers().pollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.rules().participantMax()).isEqualTo(300);
        assertThat(c.peers().censusHost()).contains("meet.example.com");
        assertThat(c.agentExtensions()).isEqualTo(new AgentExtensions(OptionalInt.of(200), true));
        assertThat(c.operator()).isEqualTo(new OperatorSettings(10_000, false));
    }

    @Test
    void emptyEnvironmentValuesAreIgnoredAsTheOriginalDid() {
        assertThat(load(noFile(), Map.of("HTTP_PORT", "", "CENSUS_HOST", "")).http().port()).isEqualTo(6000);
    }

    @Test
    void portZeroMeansAnyFreePortAndMayBeGivenToBothListeners() {
        SidecarConfig c = load(noFile(), Map.of("HTTP_PORT", "0", "TCP_PORT", "0"));
        assertThat(c.http().port()).isZero();
        assertThat(c.agent().port()).isZero();
    }

    @Test
    void theOldMisspellingStillWorksWithAWarning() {
        ConfigLoader.Loaded loaded = ConfigLoader.load(noFile(), Map.of("PARTIPANT_MAX", "42"));
        assertThat(loaded.config().rules().participantMax()).isEqualTo(42);
        assertThat(loaded.warnings()).singleElement().asString().contains("rename it to PARTICIPANT_MAX");

        ConfigLoader.Loaded both = ConfigLoader.load(noFile(), Map.of("PARTIPANT_MAX", "42", "PARTICIPANT_MAX", "43"));
        assertThat(both.config().rules().participantMax()).isEqualTo(43);
        assertThat(both.warnings()).singleElement().asString().contains("ignored");
    }

    @Test
    void anUnknownKeyIsNamedWithTheClosestKnownOne() throws IOException {
        Optional<Path> file = yaml("poll:\n  intervall: 2\n  request-timeout: 1\n");
        ConfigLoader.Loaded loaded = ConfigLoader.load(file, Map.of());
        assertThat(loaded.warnings()).containsExactly(
                "unknown key poll.intervall (did you mean poll.interval?) in '" + file.get() + "' is ignored");
        assertThat(loaded.config().peers().pollInterval()).as("the default stays").isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void anUnknownSectionIsNamedOnceAndAFarOffKeyWithoutAGuess() throws IOException {
        Optional<Path> file = yaml("vault:\n  url: http://x\n  token: y\nstatus-flie: /tmp/s\n");
        assertThat(ConfigLoader.load(file, Map.of()).warnings()).containsExactlyInAnyOrder(
                "unknown key vault in '" + file.get() + "' is ignored",
                "unknown key status-flie (did you mean status-file?) in '" + file.get() + "' is ignored");
    }

    @Test
    void knownKeysGiveNoWarning() throws IOException {
        Optional<Path> file = yaml("poll:\n  interval: 2\nlog:\n  level: debug\nstatus-file: /tmp/s\n");
        assertThat(ConfigLoader.load(file, Map.of()).warnings()).isEmpty();
    }

    @Test
    void aValueWhereASectionBelongsIsAnError() throws IOException {
        Optional<Path> file = yaml("poll: 5\n");
        assertThatThrownBy(() -> load(file, Map.of()))
                .hasMessage("invalid poll='5': expected a section with interval, request-timeout");
    }

    @Test
    void aFileWithoutKeysAtTheTopIsOneLine() throws IOException {
        Optional<Path> file = yaml("- poll\n- log\n");
        assertThatThrownBy(() -> load(file, Map.of()))
                .hasMessage("invalid config file '" + file.get() + "': expected keys and values at its top level, such as 'poll:'");
    }

    @Test
    void aValueWithALineBreakStaysOneLine() {
        assertThatThrownBy(() -> load(noFile(), Map.of("METRICS", "yes\nLOG_LEVEL=debug\u0007")))
                .hasMessage("invalid METRICS='yes\\nLOG_LEVEL=debug\\u0007': expected true or false");
        assertThatThrownBy(() -> load(noFile(), Map.of("METRICS", "x".repeat(5000))))
                .hasMessage("invalid METRICS='" + "x".repeat(ConfigException.MAX_VALUE_CHARS) + "…': expected true or false");
    }

    @Test
    void aMissingDefaultFileIsFine() {
        Path missing = dir.resolve("absent/config.yaml");
        assertThat(ConfigLoader.load(Optional.empty(), Map.of(), missing).warnings()).isEmpty();
    }

    @Test
    void aDefaultFileThatExistsButCannotBeReadIsAnErrorNotMissing() throws IOException {
        // permissions do not stop root, a directory stops everyone
        Path unreadable = Files.createDirectory(dir.resolve("config.yaml"));
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), unreadable))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid config file '" + unreadable + "': it exists but is not a readable file");
    }

    @Test
    void aNamedConfigThatIsADirectoryIsAnErrorOnOneLine() throws IOException {
        Path directory = Files.createDirectory(dir.resolve("conf.d"));
        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(directory), Map.of(), directory))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid config file '" + directory + "': Is a directory");
    }

    @Test
    void aDefaultFileThatIsALinkToItselfIsAnErrorNotMissing() throws IOException {
        Path loop = dir.resolve("config.yaml");
        Files.createSymbolicLink(loop, loop);
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), loop))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid config file '" + loop + "': Too many levels of symbolic links")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aDefaultFileWithoutReadPermissionIsAnError() throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), "{}\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(file),
                "running as root, who reads any file: the directory case above covers this");
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), file))
                .hasMessage("invalid config file '" + file + "': it exists but is not a readable file");
    }

    @Test
    void badYamlValueIsNamedByItsYamlKey() throws IOException {
        Optional<Path> file = yaml("agent:\n  port: seventy\n");
        assertThatThrownBy(() -> load(file, Map.of()))
                .hasMessage("invalid agent.port='seventy': expected a port 1-65535, or 0 for any free port");
    }

    @Test
    void unparsableYamlIsOneLine() throws IOException {
        Optional<Path> file = yaml("http: [unclosed\n");
        assertThatThrownBy(() -> load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid config file '" + file.get() + "': ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aNamedConfigFileMustExist() {
        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> load(Optional.of(missing), Map.of()))
                .hasMessage("invalid --config='" + missing + "': no readable file there");
    }

    @Test
    void nonExecutableDumpScriptIsRejected() throws IOException {
        Path script = dir.resolve("not-executable.sh");
        Files.writeString(script, "#!/bin/sh\n");
        assertThatThrownBy(() -> load(noFile(), Map.of("JICOFO_DUMP", script.toString())))
                .hasMessage("invalid JICOFO_DUMP='" + script + "': expected the absolute path of an executable file");
    }

    private Path executable(String name) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
