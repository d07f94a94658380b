package org.jitsi.signalsidecar.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTest {
    @Test
    void noArgumentsMeansTheDefaultFileAndServing() {
        assertThat(CommandLine.parse(new String[0], Map.of())).isEqualTo(new CommandLine(Optional.empty(), false));
    }

    @Test
    void configFileFromTheArgumentWinsOverTheEnvironment() {
        CommandLine cl = CommandLine.parse(new String[] {"--config", "/a.yaml"}, Map.of("SIGNAL_SIDECAR_CONFIG", "/b.yaml"));
        assertThat(cl.configFile()).contains(Path.of("/a.yaml"));
        assertThat(CommandLine.parse(new String[0], Map.of("SIGNAL_SIDECAR_CONFIG", "/b.yaml")).configFile())
                .contains(Path.of("/b.yaml"));
    }

    @Test
    void healthcheckFlag() {
        assertThat(CommandLine.parse(new String[] {"--healthcheck"}, Map.of()).healthcheck()).isTrue();
    }

    @Test
    void unknownArgumentsAndAMissingFileNameAreConfigErrors() {
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--verbose"}, Map.of()))
                .hasMessage("invalid argument '--verbose': expected --config FILE or --healthcheck");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--config"}, Map.of()))
                .hasMessage("invalid --config: expected a file name after it");
    }
}
