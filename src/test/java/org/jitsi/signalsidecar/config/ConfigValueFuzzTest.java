package org.jitsi.signalsidecar.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Tag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes configuration values: any text for any setting, from the environment or in a YAML file
 * of random structure, either loads or fails with one {@link ConfigException} line of bounded
 * length. The listen hosts are left out: their values are resolved through DNS.
 */
@Tag("fuzz")
class ConfigValueFuzzTest {
    /** The longest message: a key, {@value ConfigException#MAX_VALUE_CHARS} characters of value (escaped), what was expected. */
    private static final int MAX_MESSAGE_CHARS = 6 * ConfigException.MAX_VALUE_CHARS + 300;

    @Provide
    Arbitrary<Setting> settings() {
        return Arbitraries.of(Setting.class).filter(s -> s != Setting.HTTP_HOST && s != Setting.AGENT_HOST);
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.of("0", "-0", "1", "65535", "65536", "0.0001", "PT5S", "pt-1s", "P1D", "1e9", "NaN",
                        "Infinity", "true", "yes", "TRUE", "off", "http://", "http://x:99999", "http://[::1]:80",
                        "https://a.b/c/", "http://a?b", "//x", "meet.example.com:5280", "/", ".", "a\u0000b",
                        "\u00a0", "٣", "１２"));
    }

    @Property
    void anyValueOfAnySettingLoadsOrFailsWithOneLine(@ForAll("settings") Setting setting, @ForAll("values") String value) {
        Map<String, String> env = new HashMap<>();
        env.put(setting.legacyName(), value);
        if (setting == Setting.CENSUS_HOST) {
            env.put(Setting.CENSUS_POLL.legacyName(), "true");
        }
        loadsOrFailsWithOneLine(Optional.empty(), env);
    }

    @Provide
    Arbitrary<String> yamlDocuments() {
        Arbitrary<String> key = Arbitraries.oneOf(
                Arbitraries.of(Setting.class).map(Setting::path).filter(p -> !p.endsWith(".host")),
                Arbitraries.of("poll", "flap", "x", "poll.intervall", "census", "log"));
        Arbitrary<String> scalar = Arbitraries.oneOf(values().map(v -> "'" + v.replace("'", "''") + "'"),
                Arbitraries.of("~", "[]", "{}", "[1, [2]]", "{a: {b: c}}", "&a x", "*a", "!!binary AA==", "|\n  x", "5"));
        return key.flatMap(k -> scalar.map(v -> BadConfigTest.yamlAt(k, v))).list().ofMaxSize(4)
                .map(parts -> String.join("", parts));
    }

    @Property
    void anyYamlLoadsOrFailsWithOneLine(@ForAll("yamlDocuments") String yaml) throws IOException {
        loadsOrFailsWithOneLine(Optional.of(write(yaml)), Map.of());
    }

    @Property
    void anyBytesAsYamlLoadOrFailWithOneLine(@ForAll @Size(max = 200) byte[] bytes) throws IOException {
        loadsOrFailsWithOneLine(Optional.of(Files.write(Files.createTempFile("fuzz", ".yaml"), bytes)), Map.of());
    }

    private static Path write(String yaml) throws IOException {
        // a lone surrogate cannot be encoded: it becomes '?', as an editor would write it
        return Files.write(Files.createTempFile("fuzz", ".yaml"), yaml.getBytes(StandardCharsets.UTF_8));
    }

    /** Loads, then deletes {@code file}. */
    private static void loadsOrFailsWithOneLine(Optional<Path> file, Map<String, String> env) {
        try {
            ConfigLoader.Loaded loaded = ConfigLoader.load(file, env, Path.of("/nonexistent/config.yaml"));
            assertThat(loaded.warnings()).allSatisfy(w -> assertThat(w).doesNotContain("\n", "\r"));
        } catch (ConfigException e) {
            assertThat(e.getMessage()).doesNotContain("\n", "\r").hasSizeLessThanOrEqualTo(MAX_MESSAGE_CHARS);
        } finally {
            file.ifPresent(f -> f.toFile().delete());
        }
    }
}
