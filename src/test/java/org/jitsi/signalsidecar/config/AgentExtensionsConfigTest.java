package org.jitsi.signalsidecar.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.jitsi.signalsidecar.report.AgentExtensions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code AGENT_MAXCONN} / {@code agent.maxconn} and {@code AGENT_REASON} / {@code agent.reason}. */
class AgentExtensionsConfigTest {
    @TempDir
    Path dir;

    private AgentExtensions load(String yaml, Map<String, String> env) throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), yaml);
        return ConfigLoader.load(Optional.of(file), env).config().agentExtensions();
    }

    @Test
    void bothAreOffByDefault() throws IOException {
        assertThat(load("", Map.of())).isEqualTo(AgentExtensions.NONE);
    }

    @Test
    void theShippedConfigFileKeepsThemOff() {
        SidecarConfig config = ConfigLoader.load(Optional.of(Path.of("etc/config.yaml")), Map.of()).config();
        assertThat(config.agentExtensions()).isEqualTo(AgentExtensions.NONE);
    }

    @Test
    void yamlTurnsThemOn() throws IOException {
        assertThat(load("agent:\n  maxconn: 200\n  reason: yes\n", Map.of()))
                .isEqualTo(new AgentExtensions(OptionalInt.of(200), true));
    }

    @Test
    void environmentWinsOverYaml() throws IOException {
        assertThat(load("agent:\n  maxconn: 200\n  reason: true\n", Map.of("AGENT_MAXCONN", "500", "AGENT_REASON", "false")))
                .isEqualTo(new AgentExtensions(OptionalInt.of(500), false));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            AGENT_MAXCONN | 0     | invalid AGENT_MAXCONN='0': expected a whole number of at least 1, or empty for none
            AGENT_MAXCONN | -5    | invalid AGENT_MAXCONN='-5': expected a whole number of at least 1, or empty for none
            AGENT_MAXCONN | lots  | invalid AGENT_MAXCONN='lots': expected a whole number of at least 1, or empty for none
            AGENT_MAXCONN | 1.5   | invalid AGENT_MAXCONN='1.5': expected a whole number of at least 1, or empty for none
            AGENT_REASON  | maybe | invalid AGENT_REASON='maybe': expected true or false
            """)
    void badValuesStopStartupNamingTheVariable(String name, String value, String message) {
        assertThatThrownBy(() -> load("", Map.of(name, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void badYamlValueIsNamedByItsKey() {
        assertThatThrownBy(() -> load("agent:\n  maxconn: none\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid agent.maxconn='none': expected a whole number of at least 1, or empty for none");
    }
}
