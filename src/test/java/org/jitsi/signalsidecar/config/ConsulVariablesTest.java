package org.jitsi.signalsidecar.config;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consul's own variables, as a host set up for Consul's tools exports them, and their precedence:
 * the sidecar's settings (environment, then file) first, then Consul's variables, then the defaults.
 */
class ConsulVariablesTest {
    @TempDir
    Path dir;

    private ConfigLoader.Loaded load(String yaml, Map<String, String> env) throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), yaml);
        return ConfigLoader.load(Optional.of(file), env);
    }

    private ConsulSettings consul(String yaml, Map<String, String> env) throws IOException {
        return load(yaml, env).config().consul();
    }

    @ParameterizedTest(name = "CONSUL_HTTP_ADDR={0} -> {1}")
    @CsvSource({
        "127.0.0.1:8500, http://127.0.0.1:8500",
        "https://consul.service.test:8501, https://consul.service.test:8501",
        "http://10.0.0.7:8600/, http://10.0.0.7:8600",
        "consul.local, http://consul.local:8500",
        "https://[::1]:8501, https://[::1]:8501",
    })
    void theAddressGivesSchemeHostAndPort(String address, String agent) throws IOException {
        assertThat(consul("{}", Map.of("CONSUL_HTTP_ADDR", address)).api()).isEqualTo(URI.create(agent));
    }

    @Test
    void theSidecarsOwnSettingsWinOverConsulsVariables() throws IOException {
        Map<String, String> env = Map.of("CONSUL_HTTP_ADDR", "https://consul.service.test:8501",
                "CONSUL_HTTP_TOKEN", "from-consul-tools");
        assertThat(consul("{}", env).api()).isEqualTo(URI.create("https://consul.service.test:8501"));
        assertThat(consul("consul: {host: 10.0.0.9}", env).api()).isEqualTo(URI.create("https://10.0.0.9:8501"));
        assertThat(consul("{}", Map.of("CONSUL_HTTP_ADDR", "10.1.1.1:8500", "CONSUL_PORT", "9500")).api())
                .isEqualTo(URI.create("http://10.1.1.1:9500"));
        assertThat(consul("{}", Map.of("CONSUL_HTTP_SSL", "true")).api()).isEqualTo(URI.create("https://localhost:8500"));

        assertThat(consul("{}", env).token()).hasValue(new ConsulToken("from-consul-tools"));
        assertThat(consul("consul: {token: from-the-file}", env).token()).hasValue(new ConsulToken("from-the-file"));
        assertThat(consul("{}", Map.of("CONSUL_TOKEN", "own", "CONSUL_HTTP_TOKEN", "tools")).token())
                .hasValue(new ConsulToken("own"));
    }

    @Test
    void aTokenFileWinsOverATokenAsInConsulsToolsAndTheSidecarsTokenWinsOverBoth() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "from-the-file\n");
        Map<String, String> tools = Map.of("CONSUL_HTTP_TOKEN", "inline", "CONSUL_HTTP_TOKEN_FILE", file.toString());
        assertThat(consul("{}", tools).token()).hasValue(new ConsulToken("from-the-file"));
        assertThat(consul("consul: {token: own}", tools).token()).hasValue(new ConsulToken("own"));
        Path own = Files.writeString(dir.resolve("own-token"), "own-file\n");
        assertThat(consul("{}", Map.of("CONSUL_HTTP_TOKEN", "tools", "CONSUL_TOKEN_FILE", own.toString())).token())
                .hasValue(new ConsulToken("own-file"));
    }

    @Test
    void theWaitAndStalenessAreConfigurable() throws IOException {
        ConsulSettings defaults = consul("{}", Map.of());
        assertThat(defaults.watchWait()).isEqualTo(Duration.ofSeconds(55));
        assertThat(defaults.maxStale()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.tls()).isEqualTo(ConsulTls.defaults());
        ConsulSettings set = consul("consul: {status: {wait: 25, max-stale: 0.5}}", Map.of("CONSUL_STATUS_WAIT", "40"));
        assertThat(set.watchWait()).isEqualTo(Duration.ofSeconds(40));
        assertThat(set.maxStale()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void tlsSettingsWithoutHttpsAreWarnedAboutNotRead() throws IOException {
        ConfigLoader.Loaded loaded = load("{}", Map.of("CONSUL_CACERT", "/nonexistent/ca.pem"));
        assertThat(loaded.config().consul().tls()).isEqualTo(ConsulTls.defaults());
        assertThat(loaded.warnings()).contains("CONSUL_CACERT is set but CONSUL_SECURE is false: Consul is spoken to"
                + " over plain http, so it has no effect");
        List<String> none = load("{}", Map.of()).warnings();
        assertThat(none).noneMatch(w -> w.contains("CONSUL"));
    }
}
