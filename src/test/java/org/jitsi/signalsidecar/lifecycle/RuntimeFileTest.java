package org.jitsi.signalsidecar.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.jitsi.signalsidecar.lifecycle.RuntimeFile.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuntimeFileTest {
    @TempDir
    Path dir;

    @Test
    void isThePortsFileInTheRuntimeDirectoryTheEnvironmentNames() {
        assertThat(RuntimeFile.in(Map.of("RUNTIME_DIRECTORY", "/run/signal-sidecar")))
                .contains(new RuntimeFile(Path.of("/run/signal-sidecar/ports")));
        assertThat(RuntimeFile.in(Map.of("RUNTIME_DIRECTORY", "/run/a:/run/b")))
                .contains(new RuntimeFile(Path.of("/run/a/ports")));
        assertThat(RuntimeFile.in(Map.of("RUNTIME_DIRECTORY", ""))).isEmpty();
        assertThat(RuntimeFile.in(Map.of())).isEmpty();
    }

    @Test
    void writesLinesAShellScriptReadsAndReadsThemBack() throws IOException {
        RuntimeFile file = new RuntimeFile(dir.resolve("ports"));

        file.write(new Ports("0.0.0.0", 7000, "127.0.0.1", 7070));

        assertThat(Files.readString(dir.resolve("ports")))
                .isEqualTo("http_host=0.0.0.0\nhttp_port=7000\nagent_host=127.0.0.1\nagent_port=7070\n");
        assertThat(file.read()).contains(new Ports("0.0.0.0", 7000, "127.0.0.1", 7070));
        assertThat(Files.list(dir)).as("no temporary file left").containsExactly(dir.resolve("ports"));
    }

    @Test
    void replacesTheFileOfAnEarlierStart() {
        RuntimeFile file = new RuntimeFile(dir.resolve("ports"));
        file.write(new Ports("0.0.0.0", 6000, "0.0.0.0", 6060));

        file.write(new Ports("0.0.0.0", 6001, "0.0.0.0", 6061));

        assertThat(file.read()).contains(new Ports("0.0.0.0", 6001, "0.0.0.0", 6061));
    }

    @Test
    void readsNothingWithoutAFile() {
        assertThat(new RuntimeFile(dir.resolve("ports")).read()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "http_port=\n", "http_port=0\n", "http_port=65536\n", "http_port=-1\n",
            "http_port=six\n", "agent_port=6060\n"})
    void readsNothingWithoutAValidHttpPort(String text) throws IOException {
        Files.writeString(dir.resolve("ports"), text);

        assertThat(new RuntimeFile(dir.resolve("ports")).read()).isEmpty();
    }

    @Test
    void takesAnyInterfaceAndNoAgentPortForMissingLines() throws IOException {
        Files.writeString(dir.resolve("ports"), "http_port=6000\n");

        assertThat(new RuntimeFile(dir.resolve("ports")).read()).contains(new Ports("0.0.0.0", 6000, "0.0.0.0", 0));
    }

    @Test
    void writingIntoAMissingDirectoryFailsNamingThePath() {
        RuntimeFile file = new RuntimeFile(dir.resolve("missing/ports"));

        assertThatThrownBy(() -> file.write(new Ports("0.0.0.0", 6000, "0.0.0.0", 6060)))
                .hasMessageContaining(dir.resolve("missing/ports").toString());
        file.publish(new Ports("0.0.0.0", 6000, "0.0.0.0", 6060)); // logs, does not throw
        assertThat(file.readIfAny()).isEqualTo(Optional.empty());
    }
}
