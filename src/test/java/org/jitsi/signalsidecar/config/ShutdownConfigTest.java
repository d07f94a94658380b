package org.jitsi.signalsidecar.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code SHUTDOWN_DRAIN_SECONDS} ({@code shutdown.drain-seconds}) as the loader reads it. */
class ShutdownConfigTest {
    private static ShutdownSettings load(Map<String, String> env) {
        return ConfigLoader.load(Optional.empty(), env).config().shutdown();
    }

    @Test
    void noGraceByDefault() {
        assertThat(load(Map.of())).isEqualTo(ShutdownSettings.immediate());
        assertThat(load(Map.of()).drain()).isZero();
    }

    @Test
    void secondsOrIso8601() {
        assertThat(load(Map.of("SHUTDOWN_DRAIN_SECONDS", "20")).drain()).isEqualTo(Duration.ofSeconds(20));
        assertThat(load(Map.of("SHUTDOWN_DRAIN_SECONDS", "PT1.5S")).drain()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aBadValueIsOneLineNamingIt() {
        for (String bad : new String[] {"-1", "soon", "86401"}) {
            assertThatThrownBy(() -> load(Map.of("SHUTDOWN_DRAIN_SECONDS", bad)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("invalid SHUTDOWN_DRAIN_SECONDS='" + bad + "': expected a number of seconds from 0 to 86400"
                            + " (e.g. 30 or 0.5)");
        }
    }
}
