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
                .hasMessage("invalid argument '--verbose': expected --config FILE, --healthcheck, status [--json],"
                        + " drain, ready or maint [--no-wait], or fleet [drain|ready|maint SHARD...]");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"--config"}, Map.of()))
                .hasMessage("invalid --config: expected a file name after it");
    }

    @Test
    void operatorCommandsWithTheirOptions() {
        assertThat(CommandLine.parse(new String[] {"status"}, Map.of()).command())
                .contains(new CommandLine.Command(CommandLine.Verb.STATUS, false, true));
        assertThat(CommandLine.parse(new String[] {"--config", "/a.yaml", "status", "--json"}, Map.of()).command())
                .contains(new CommandLine.Command(CommandLine.Verb.STATUS, true, true));
        assertThat(CommandLine.parse(new String[] {"drain", "--no-wait"}, Map.of()).command())
                .contains(new CommandLine.Command(CommandLine.Verb.DRAIN, false, false));
        assertThat(CommandLine.parse(new String[] {"maint"}, Map.of()).command().orElseThrow().verb())
                .isEqualTo(CommandLine.Verb.MAINT);
        assertThat(CommandLine.parse(new String[0], Map.of()).command()).isEmpty();
    }

    @Test
    void aBadWordOrAMisplacedOptionIsOneLine() {
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"drian"}, Map.of()))
                .hasMessageStartingWith("invalid argument 'drian': expected");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"drain", "--json"}, Map.of()))
                .hasMessage("invalid argument '--json': only status takes it");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"status", "--no-wait"}, Map.of()))
                .hasMessage("invalid argument '--no-wait': only drain, ready and maint take it");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"drain", "ready"}, Map.of()))
                .hasMessage("invalid argument 'ready': one command at a time");
    }
}
