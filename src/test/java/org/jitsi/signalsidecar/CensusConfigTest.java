package org.jitsi.signalsidecar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.jitsi.signalsidecar.config.ConfigException;
import org.jitsi.signalsidecar.config.ConfigLoader;
import org.jitsi.signalsidecar.config.SidecarConfig;
import org.junit.jupiter.api.BeforeEach;
import org.jitsi.signalsidecar.testing.Stderr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CENSUS_POLL and CENSUS_HOST as an operator sets them, and what a wrong pair does at startup. */
class CensusConfigTest {
    @TempDir
    Path dir;
    private Path yaml;

    @BeforeEach
    void emptyConfigFile() throws IOException {
        yaml = Files.writeString(dir.resolve("config.yaml"), "# only the environment matters here\n");
    }

    @Test
    void censusIsOffByDefault() {
        SidecarConfig config = load(Map.of());

        assertThat(config.peers().censusHost()).isEmpty();
        assertThat(config.peers().censusEnabled()).isFalse();
    }

    @Test
    void censusPollWithHostPollsThatVirtualHostAndAddsCensusStats() {
        SidecarConfig config = load(Map.of("CENSUS_POLL", "true", "CENSUS_HOST", " meet.example.com "));

        assertThat(config.peers().censusHost()).contains("meet.example.com");
        assertThat(config.peers().censusEnabled()).isTrue();
    }

    @Test
    void censusHostAloneDoesNotTurnPollingOn() {
        SidecarConfig config = load(Map.of("CENSUS_HOST", "meet.example.com"));

        assertThat(config.peers().censusHost()).isEmpty();
        assertThat(config.peers().censusEnabled()).isFalse();
    }

    @Test
    void censusPollWithoutHostIsAOneLineConfigError() {
        assertThatThrownBy(() -> load(Map.of("CENSUS_POLL", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid CENSUS_HOST='': required when CENSUS_POLL is true");
    }

    @Test
    void censusEnabledInYamlWithoutHostNamesTheYamlKey() throws IOException {
        Files.writeString(yaml, "census:\n  enabled: true\n");

        assertThatThrownBy(() -> load(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid census.host='': required when census.enabled is true");
    }

    @Test
    void censusPollWithoutHostExitsWithStatus78() {
        Stderr.Captured run = Stderr.capture(() ->
                Main.run(new String[] {"--config", yaml.toString()}, env(Map.of("CENSUS_POLL", "true"))));

        assertThat(run.status()).isEqualTo(78);
        assertThat(run.text())
                .isEqualTo("signal-sidecar: invalid CENSUS_HOST='': required when CENSUS_POLL is true" + System.lineSeparator());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://meet.example.com", "meet.example.com/", "meet example.com", "meet.example.com:x"})
    void censusHostMustBeAVirtualHostName(String host) {
        assertThatThrownBy(() -> load(Map.of("CENSUS_POLL", "true", "CENSUS_HOST", host)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid CENSUS_HOST='" + host + "': expected the prosody VirtualHost name, such as meet.example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"meet.test", "meet.example.com:5280", "localhost", "jitsi_meet.local"})
    void virtualHostNamesAreAccepted(String host) {
        assertThat(load(Map.of("CENSUS_POLL", "true", "CENSUS_HOST", host)).peers().censusHost()).contains(host);
    }

    private SidecarConfig load(Map<String, String> env) {
        return ConfigLoader.load(Optional.of(yaml), env(env)).config();
    }

    /** Ports that cannot clash with anything, so a test never depends on the machine. */
    private static Map<String, String> env(Map<String, String> census) {
        Map<String, String> env = new HashMap<>(census);
        env.put("HTTP_PORT", "16000");
        env.put("TCP_PORT", "16060");
        return env;
    }
}
