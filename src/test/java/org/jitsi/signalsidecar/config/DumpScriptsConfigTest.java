package org.jitsi.signalsidecar.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code JICOFO_DUMP}, {@code PROSODY_DUMP} and {@code DUMP_TIMEOUT} as the loader reads them. */
class DumpScriptsConfigTest {
    @TempDir
    Path dir;

    private static DumpScripts load(Map<String, String> env) {
        return ConfigLoader.load(Optional.empty(), env).config().dumps();
    }

    private Path script(String name, String permissions) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString(permissions));
        return script;
    }

    @Test
    void noScriptsAndOneMinuteByDefault() {
        assertThat(load(Map.of())).isEqualTo(new DumpScripts(Optional.empty(), Optional.empty(), Duration.ofSeconds(60)));
    }

    @Test
    void executableScriptsAndTimeoutInSecondsAreRead() throws IOException {
        Path jicofo = script("jicofo-dump", "rwxr-xr-x");
        Path prosody = script("prosody-dump", "rwxr-xr-x");
        DumpScripts dumps = load(Map.of("JICOFO_DUMP", jicofo.toString(), "PROSODY_DUMP", prosody.toString(),
                "DUMP_TIMEOUT", "2.5"));
        assertThat(dumps).isEqualTo(new DumpScripts(Optional.of(jicofo), Optional.of(prosody), Duration.ofMillis(2500)));
    }

    @Test
    void aScriptThatIsNotExecutableIsAConfigError() throws IOException {
        Path script = script("dump", "rw-r--r--");
        assertThatThrownBy(() -> load(Map.of("JICOFO_DUMP", script.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid JICOFO_DUMP='" + script + "': expected the absolute path of an executable file");
    }

    @Test
    void aMissingOrRelativeScriptIsAConfigError() {
        assertThatThrownBy(() -> load(Map.of("PROSODY_DUMP", dir.resolve("missing").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid PROSODY_DUMP=");
        assertThatThrownBy(() -> load(Map.of("PROSODY_DUMP", "bin/dump")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid PROSODY_DUMP='bin/dump'");
    }

    @Test
    void aTimeoutThatIsNotAPositiveNumberOfSecondsIsAConfigError() {
        for (String bad : new String[] {"0", "-1", "soon"}) {
            assertThatThrownBy(() -> load(Map.of("DUMP_TIMEOUT", bad)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("invalid DUMP_TIMEOUT='" + bad + "': expected a number of seconds from 0.001 to 86400 (e.g. 5 or 0.5)");
        }
    }
}
