package org.jitsi.signalsidecar.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jitsi.signalsidecar.report.StatusWord;
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

    @Test
    void fleetTableAndFleetWritesWithTheirOptions() {
        assertThat(CommandLine.parse(new String[] {"fleet"}, Map.of()).fleet()).contains(new FleetCommand(
                Optional.empty(), List.of(), false, false, Optional.empty(), true));
        assertThat(CommandLine.parse(new String[] {"fleet", "--watch", "--json", "--prefix", "signal-report/stage"},
                Map.of()).fleet()).contains(new FleetCommand(Optional.empty(), List.of(), true, true,
                Optional.of("signal-report/stage"), true));
        CommandLine drain = CommandLine.parse(new String[] {"fleet", "drain", "shard-1", "shard-2", "--no-wait",
                "--config", "/a.yaml"}, Map.of());
        assertThat(drain.fleet()).contains(new FleetCommand(Optional.of(StatusWord.DRAIN), List.of("shard-1", "shard-2"),
                false, false, Optional.empty(), false));
        assertThat(drain.configFile()).contains(Path.of("/a.yaml"));
        assertThat(drain.command()).isEmpty();
    }

    @Test
    void aFleetMistakeIsOneLine() {
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"fleet", "drain"}, Map.of()))
                .hasMessage("invalid fleet drain: expected one or more shards after it");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"fleet", "maint", "a/b"}, Map.of()))
                .hasMessage("invalid shard 'a/b': expected one key segment of letters, digits and , _ . -");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"fleet", "--no-wait"}, Map.of()))
                .hasMessage("invalid argument '--no-wait': only fleet drain, ready and maint take it");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"fleet", "ready", "x", "--watch"}, Map.of()))
                .hasMessage("invalid argument '--watch': only the fleet table takes it, not fleet ready");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"status", "--watch"}, Map.of()))
                .hasMessage("invalid argument '--watch': only fleet takes it");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"status", "fleet"}, Map.of()))
                .hasMessage("invalid argument 'fleet': one command at a time");
        assertThatThrownBy(() -> CommandLine.parse(new String[] {"fleet", "--prefix", "a//b"}, Map.of()))
                .hasMessageStartingWith("invalid --prefix 'a//b': expected a Consul key prefix");
    }
}
