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

/** {@code STATUS_TOKEN}, {@code STATUS_TOKEN_FILE} and their YAML keys as the loader reads them. */
class ControlConfigTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private static ConfigLoader.Loaded load(Optional<Path> yaml, Map<String, String> env) {
        return ConfigLoader.load(yaml, env);
    }

    private static ControlSettings control(Map<String, String> env) {
        return load(Optional.empty(), env).config().control();
    }

    private Path tokenFile(String contents, String permissions) throws IOException {
        Path file = dir.resolve("token");
        Files.writeString(file, contents);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void theApiIsOffByDefault() {
        assertThat(control(Map.of())).isEqualTo(ControlSettings.off());
        assertThat(control(Map.of()).enabled()).isFalse();
    }

    @Test
    void statusTokenTurnsItOn() {
        assertThat(control(Map.of("STATUS_TOKEN", " " + TOKEN + " "))).isEqualTo(new ControlSettings(Optional.of(TOKEN)));
    }

    @Test
    void theTokenFileIsReadAtStartAndTrimmedWithoutAWarningWhenOnlyItsOwnerCanRead() throws IOException {
        Path file = tokenFile(TOKEN + "\n", "r--------");
        ConfigLoader.Loaded loaded = load(Optional.empty(), Map.of("STATUS_TOKEN_FILE", file.toString()));
        assertThat(loaded.config().control()).isEqualTo(new ControlSettings(Optional.of(TOKEN)));
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void aTokenFileOthersCanReadGivesAWarningNamingItsMode() throws IOException {
        Path file = tokenFile(TOKEN, "rw-r-----");
        ConfigLoader.Loaded loaded = load(Optional.empty(), Map.of("STATUS_TOKEN_FILE", file.toString()));
        assertThat(loaded.config().control().enabled()).isTrue();
        assertThat(loaded.warnings()).containsExactly("STATUS_TOKEN_FILE " + file + " can be read by others than its owner"
                + " (mode rw-r-----); make it readable by the sidecar's user only: chmod 0400 " + file);
    }

    @Test
    void yamlKeysWork() throws IOException {
        Path yaml = dir.resolve("config.yaml");
        Files.writeString(yaml, "control: {token: " + TOKEN + "}\n");
        assertThat(load(Optional.of(yaml), Map.of()).config().control().token()).contains(TOKEN);
        Path file = tokenFile("file-" + TOKEN, "r--------");
        Files.writeString(yaml, "control: {token-file: " + file + "}\n");
        assertThat(load(Optional.of(yaml), Map.of()).config().control().token()).contains("file-" + TOKEN);
    }

    @Test
    void bothAtOnceIsAnError() throws IOException {
        Path file = tokenFile(TOKEN, "r--------");
        assertThatThrownBy(() -> control(Map.of("STATUS_TOKEN", TOKEN, "STATUS_TOKEN_FILE", file.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid STATUS_TOKEN_FILE='" + file + "': expected only one of STATUS_TOKEN and STATUS_TOKEN_FILE");
    }

    @Test
    void aMissingEmptyOrUnreadableTokenFileIsAnErrorNamingIt() throws IOException {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> control(Map.of("STATUS_TOKEN_FILE", missing.toString())))
                .hasMessage("invalid STATUS_TOKEN_FILE='" + missing + "': no such file");
        Path empty = tokenFile(" \n", "r--------");
        assertThatThrownBy(() -> control(Map.of("STATUS_TOKEN_FILE", empty.toString())))
                .hasMessage("invalid STATUS_TOKEN_FILE='" + empty + "': the file is empty; expected it to hold the token");
        assertThatThrownBy(() -> control(Map.of("STATUS_TOKEN_FILE", dir.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid STATUS_TOKEN_FILE='" + dir + "': cannot be read: ");
    }

    @Test
    void aWeakTokenIsAnErrorThatNeverShowsIt() throws IOException {
        String expected = "expected 16 to 1024 visible ASCII characters without spaces (e.g. openssl rand -hex 32)";
        for (String weak : new String[] {"short-secret", "has a space in the middle"}) {
            assertThatThrownBy(() -> control(Map.of("STATUS_TOKEN", weak)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("invalid STATUS_TOKEN (value not shown): " + expected);
            Path file = tokenFile(weak, "r--------");
            assertThatThrownBy(() -> control(Map.of("STATUS_TOKEN_FILE", file.toString())))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("invalid STATUS_TOKEN_FILE='" + file + "': the token in it (not shown) is unusable: " + expected)
                    .message().doesNotContain(weak);
        }
    }

    @Test
    void aTokenTooEasyToGuessIsRefusedFromTheFileTooAndARandomOneIsNot() throws IOException {
        Path file = tokenFile("zzzzzzzzzzzzzzzzzzzzzzzz", "r--------");
        assertThatThrownBy(() -> control(Map.of("STATUS_TOKEN_FILE", file.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid STATUS_TOKEN_FILE='" + file + "': the token in it (not shown) is too easy to guess:"
                        + " only 1 different character; expected at least 8 different characters"
                        + " (e.g. openssl rand -hex 32)");
        String random = java.util.HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(32));
        assertThat(control(Map.of("STATUS_TOKEN", random)).token()).contains(random);
    }

    @Test
    void theTokenNeverShowsInTheSettingsText() {
        assertThat(control(Map.of("STATUS_TOKEN", TOKEN)).toString()).doesNotContain(TOKEN);
    }
}
