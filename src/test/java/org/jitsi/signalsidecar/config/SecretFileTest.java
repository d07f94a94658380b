package org.jitsi.signalsidecar.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Both token files, the drain-control one and the Consul one, are read by the same rule. */
class SecretFileTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final Path NO_FILE = Path.of("/nonexistent/config.yaml");

    @TempDir
    Path dir;

    private Path file(String contents, String permissions) throws IOException {
        Path file = Files.writeString(dir.resolve("token"), contents);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private static ConfigLoader.Loaded load(Map<String, String> env) {
        return ConfigLoader.load(Optional.empty(), env, NO_FILE);
    }

    @Test
    void aConsulTokenFileOthersCanReadGivesTheSameWarningAsTheControlOne() throws IOException {
        Path file = file(TOKEN + "\n", "rw-r--r--");
        assertThat(load(Map.of("CONSUL_TOKEN_FILE", file.toString())).warnings()).containsExactly("CONSUL_TOKEN_FILE "
                + file + " can be read by others than its owner (mode rw-r--r--); make it readable by the sidecar's"
                + " user only: chmod 0400 " + file);
        assertThat(load(Map.of("STATUS_TOKEN_FILE", file.toString())).warnings()).containsExactly("STATUS_TOKEN_FILE "
                + file + " can be read by others than its owner (mode rw-r--r--); make it readable by the sidecar's"
                + " user only: chmod 0400 " + file);
    }

    @Test
    void aFileOnlyItsOwnerCanReadGivesNoWarning() throws IOException {
        Path file = file(TOKEN, "r--------");
        ConfigLoader.Loaded loaded = load(Map.of("CONSUL_TOKEN_FILE", file.toString()));
        assertThat(loaded.config().consul().token()).contains(new ConsulToken(TOKEN));
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void whiteSpaceAroundTheTokenUpToTheLimitIsTrimmedForBoth() throws IOException {
        Path file = file("\n" + TOKEN + " ".repeat(SecretFile.MAX_BYTES - TOKEN.length() - 1), "r--------");
        assertThat(load(Map.of("CONSUL_TOKEN_FILE", file.toString())).config().consul().token())
                .contains(new ConsulToken(TOKEN));
        assertThat(load(Map.of("STATUS_TOKEN_FILE", file.toString())).config().control().token()).contains(TOKEN);
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedByBothWithoutShowingIt() throws IOException {
        Path file = file(TOKEN + " ".repeat(SecretFile.MAX_BYTES), "r--------");
        assertThatThrownBy(() -> load(Map.of("CONSUL_TOKEN_FILE", file.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid CONSUL_TOKEN_FILE='" + file + "': expected the file to hold one token of printable"
                        + " characters without spaces (contents not shown)");
        assertThatThrownBy(() -> load(Map.of("STATUS_TOKEN_FILE", file.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid STATUS_TOKEN_FILE='" + file + "': the token in it (not shown) is unusable: expected"
                        + " 16 to 1024 visible ASCII characters without spaces (e.g. openssl rand -hex 32)");
    }
}
