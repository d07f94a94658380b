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
import java.util.stream.Stream;

import org.jitsi.signalsidecar.report.AgentExtensions;
import org.jitsi.signalsidecar.report.EvaluationRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

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
                false, "shard-state", false, "shard-report", Duration.ofSeconds(60), false, Duration.ofMinutes(5)));
        assertThat(c.consul()).isEqualTo(ConsulSettings.disabled());
    }

    @Test
    void theShippedYamlSaysExactlyTheDefaults() {
        Path shipped = Path.of("etc/config.yaml");
        assertThat(load(Optional.of(shipped), Map.of())).isEqualTo(load(noFile(), Map.of()));
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
                "signal-report/prod/shard-1", Duration.ofSeconds(30), true, Duration.ofMinutes(5)));
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
                "signal-report/stage/s2", Duration.ofSeconds(15), false, Duration.ofMinutes(5)));
        assertThat(load(noFile(), Map.of("CONSUL_HOST", "[::1]")).consul().agent())
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

    static Stream<Arguments> badValues() {
        return Stream.of(
                arguments(Map.of("HTTP_PORT", "abc"), "invalid HTTP_PORT='abc': expected a port 1-65535, or 0 for any free port"),
                arguments(Map.of("HTTP_PORT", "-1"), "invalid HTTP_PORT='-1': expected a port 1-65535, or 0 for any free port"),
                arguments(Map.of("TCP_PORT", "65536"), "invalid TCP_PORT='65536': expected a port 1-65535, or 0 for any free port"),
                arguments(Map.of("TCP_PORT", "6000"), "invalid TCP_PORT='6000': must differ from http.port (6000)"),
                arguments(Map.of("HTTP_HOST", "no such host.invalid"),
                        "invalid HTTP_HOST='no such host.invalid': expected an IP address or resolvable host name to listen on"),
                arguments(Map.of("JICOFO_ORIG", "localhost:8888"),
                        "invalid JICOFO_ORIG='localhost:8888': expected an http(s) origin such as http://localhost:8888"),
                arguments(Map.of("PROSODY_ORIG", "ftp://localhost"),
                        "invalid PROSODY_ORIG='ftp://localhost': expected an http(s) origin such as http://localhost:8888"),
                arguments(Map.of("PROSODY_ORIG", "http://"),
                        "invalid PROSODY_ORIG='http://': expected an http(s) origin such as http://localhost:8888"),
                arguments(Map.of("POLLING_INTERVAL", "five"),
                        "invalid POLLING_INTERVAL='five': expected a number of seconds from 0.001 to 86400 (e.g. 5 or 0.5)"),
                arguments(Map.of("POLLING_INTERVAL", "0"),
                        "invalid POLLING_INTERVAL='0': expected a number of seconds from 0.001 to 86400 (e.g. 5 or 0.5)"),
                arguments(Map.of("REQUEST_TIMEOUT", "-1"),
                        "invalid REQUEST_TIMEOUT='-1': expected a number of seconds from 0.001 to 86400 (e.g. 5 or 0.5)"),
                arguments(Map.of("POLLING_INTERVAL", "PT100000000H"),
                        "invalid POLLING_INTERVAL='PT100000000H': expected a number of seconds from 0.001 to 86400 (e.g. 5 or 0.5)"),
                arguments(Map.of("REQUEST_TIMEOUT", "0.0001"),
                        "invalid REQUEST_TIMEOUT='0.0001': expected a number of seconds from 0.001 to 86400 (e.g. 5 or 0.5)"),
                arguments(Map.of("HEALTH_DAMPENING_INTERVAL", "30s"),
                        "invalid HEALTH_DAMPENING_INTERVAL='30s': expected a number of seconds from 0 to 86400 (e.g. 30 or 0.5)"),
                arguments(Map.of("DRAIN_GRACE_INTERVAL", "10"),
                        "invalid DRAIN_GRACE_INTERVAL='10': must be 0 (off) or at least flap.health-dampening-interval (30)"),
                arguments(Map.of("DRAIN_GRACE_INTERVAL", "10", "HEALTH_DAMPENING_INTERVAL", "20"),
                        "invalid DRAIN_GRACE_INTERVAL='10': must be 0 (off) or at least HEALTH_DAMPENING_INTERVAL (20)"),
                arguments(Map.of("PARTICIPANT_MAX", "0"),
                        "invalid PARTICIPANT_MAX='0': expected a whole number of at least 1"),
                arguments(Map.of("PARTIPANT_MAX", "lots"),
                        "invalid PARTIPANT_MAX='lots': expected a whole number of at least 1"),
                arguments(Map.of("CENSUS_POLL", "garbage"), "invalid CENSUS_POLL='garbage': expected true or false"),
                arguments(Map.of("CENSUS_POLL", "true"), "invalid CENSUS_HOST='': required when CENSUS_POLL is true"),
                arguments(Map.of("METRICS", "maybe"), "invalid METRICS='maybe': expected true or false"),
                arguments(Map.of("WEIGHT_PARTICIPANTS", "tru"), "invalid WEIGHT_PARTICIPANTS='tru': expected true or false"),
                arguments(Map.of("REPORT_ALWAYS_200", "2"), "invalid REPORT_ALWAYS_200='2': expected true or false"),
                arguments(Map.of("LOG_LEVEL", "verbose"),
                        "invalid LOG_LEVEL='verbose': expected one of debug, info, warn, error"),
                arguments(Map.of("LOG_FORMAT", "xml"), "invalid LOG_FORMAT='xml': expected one of text, json"),
                arguments(Map.of("AGENT_MAXCONN", "0"),
                        "invalid AGENT_MAXCONN='0': expected a whole number of at least 1, or empty for none"),
                arguments(Map.of("AGENT_MAXCONN", "1.5"),
                        "invalid AGENT_MAXCONN='1.5': expected a whole number of at least 1, or empty for none"),
                arguments(Map.of("AGENT_REASON", "maybe"), "invalid AGENT_REASON='maybe': expected true or false"),
                arguments(Map.of("EVENTS_MAX", "0"), "invalid EVENTS_MAX='0': expected a whole number from 1 to 10000"),
                arguments(Map.of("EVENTS_MAX", "10001"), "invalid EVENTS_MAX='10001': expected a whole number from 1 to 10000"),
                arguments(Map.of("EVENTS_MAX", "many"), "invalid EVENTS_MAX='many': expected a whole number from 1 to 10000"),
                arguments(Map.of("STATUS_PAGE", "hidden"), "invalid STATUS_PAGE='hidden': expected true or false"),
                arguments(Map.of("JICOFO_DUMP", "/nonexistent/dump.sh"),
                        "invalid JICOFO_DUMP='/nonexistent/dump.sh': expected the absolute path of an executable file"),
                arguments(Map.of("PROSODY_DUMP", "dump.sh"),
                        "invalid PROSODY_DUMP='dump.sh': expected the absolute path of an executable file"),
                arguments(Map.of("CONSUL_HOST", "http://consul:8500"), "invalid CONSUL_HOST='http://consul:8500': "
                        + "expected the host name or IP address of the Consul agent, such as localhost"),
                arguments(Map.of("CONSUL_PORT", "85000"), "invalid CONSUL_PORT='85000': expected a port 1-65535"),
                arguments(Map.of("CONSUL_PORT", "0"), "invalid CONSUL_PORT='0': expected a port 1-65535"),
                arguments(Map.of("CONSUL_SECURE", "tls"), "invalid CONSUL_SECURE='tls': expected true or false"),
                arguments(Map.of("CONSUL_STATUS", "on please"), "invalid CONSUL_STATUS='on please': expected true or false"),
                arguments(Map.of("CONSUL_REPORTS", "yes!"), "invalid CONSUL_REPORTS='yes!': expected true or false"),
                arguments(Map.of("CENSUS_REPORTS", "2"), "invalid CENSUS_REPORTS='2': expected true or false"),
                arguments(Map.of("CONSUL_STATUS_KEY", "/shard-states/prod"), "invalid CONSUL_STATUS_KEY='/shard-states/prod': "
                        + "expected a Consul KV key such as shard-states/prod/shard-1 (letters, digits and . _ - ~ : @ + = , "
                        + "in segments separated by single slashes; no leading slash)"),
                arguments(Map.of("CONSUL_REPORT_KEY", "signal-report/prod shard?x"), "invalid CONSUL_REPORT_KEY="
                        + "'signal-report/prod shard?x': expected a Consul KV key such as shard-states/prod/shard-1 (letters, "
                        + "digits and . _ - ~ : @ + = , in segments separated by single slashes; no leading slash)"),
                arguments(Map.of("CONSUL_REPORT_KEY", "signal-report/../other"), "invalid CONSUL_REPORT_KEY="
                        + "'signal-report/../other': expected a Consul KV key such as shard-states/prod/shard-1 (letters, "
                        + "digits and . _ - ~ : @ + = , in segments separated by single slashes; no leading slash)"),
                arguments(Map.of("CONSUL_REPORTS_INTERVAL", "0.5"),
                        "invalid CONSUL_REPORTS_INTERVAL='0.5': expected a number of seconds from 1 to 86400 (e.g. 60)"),
                arguments(Map.of("CONSUL_REPORTS_INTERVAL", "sixty"),
                        "invalid CONSUL_REPORTS_INTERVAL='sixty': expected a number of seconds from 1 to 86400 (e.g. 60)"),
                arguments(Map.of("CONSUL_REPORTS", "true", "CENSUS_REPORTS", "true"), "invalid CENSUS_REPORTS='true': "
                        + "requires CENSUS_POLL to be true, since the published rooms come from the census poll"),
                arguments(Map.of("CONSUL_TOKEN", "t", "CONSUL_TOKEN_FILE", "/etc/consul-token"),
                        "invalid CONSUL_TOKEN_FILE='/etc/consul-token': set either CONSUL_TOKEN or CONSUL_TOKEN_FILE, not both"),
                arguments(Map.of("CONSUL_TOKEN_FILE", "/nonexistent/consul-token"), "invalid CONSUL_TOKEN_FILE="
                        + "'/nonexistent/consul-token': expected a readable file holding the Consul token"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badValues")
    void badValueStopsStartupWithOneLineNamingIt(Map<String, String> env, String message) {
        assertThatThrownBy(() -> load(noFile(), env))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
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
