package org.jitsi.signalsidecar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.jitsi.signalsidecar.testing.Stderr;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator sees when a setting is wrong: one line on standard error and exit status 78. */
class MainTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.jitsi.signalsidecar.config.BadConfigTest#asArguments")
    void everyBadValueExits78WithItsOneLine(String name, Map<String, String> badEnv, String yaml, String message)
            throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), yaml);
        Map<String, String> env = new HashMap<>(badEnv);
        env.put("SIGNAL_SIDECAR_CONFIG", file.toString());

        Stderr.Captured run = Stderr.capture(() -> Main.run(new String[0], env));

        assertThat(run.status()).isEqualTo(78);
        assertThat(run.text()).isEqualTo("signal-sidecar: " + message + System.lineSeparator());
    }
}
