package org.jitsi.signalsidecar.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The listeners' limits: their defaults, caps fitted to the limit on open files, and caps that would not fit. */
class ListenerLimitsConfigTest {
    private static final Path NO_FILE = Path.of("/nonexistent/config.yaml");

    private static ListenerLimits limits(Map<String, String> env, long descriptorLimit) {
        return ConfigLoader.load(Optional.empty(), env, NO_FILE, descriptorLimit).config().limits();
    }

    @Test
    void theShippedUnitsLimitGivesTheDefaults() {
        assertThat(limits(Map.of(), 4096)).isEqualTo(ListenerLimits.DEFAULTS);
        assertThat(ListenerLimits.DEFAULTS).isEqualTo(new ListenerLimits(Duration.ofSeconds(30), Duration.ofSeconds(10),
                1024, 960, 1024));
    }

    @Test
    void theShippedUnitSetsTheLimitTheDefaultsAssume() throws Exception {
        assertThat(Files.readAllLines(Path.of("debian/signal-sidecar.service"))).contains("LimitNOFILE=4096");
    }

    @Test
    void capsLeftEmptyFitTheLimitAndLeaveTheReserve() {
        ListenerLimits low = limits(Map.of(), 512);
        assertThat(low.httpMaxConnections()).isEqualTo(192);
        assertThat(low.agentMaxConnections()).isEqualTo(64);
        ListenerLimits high = limits(Map.of(), 1_048_576);
        assertThat(high.httpMaxConnections()).isEqualTo(1024);
        assertThat(high.agentMaxConnections()).isEqualTo(1024);
    }

    @Test
    void everyLimitCanBeSet() {
        ListenerLimits set = limits(Map.of("HTTP_IDLE_TIMEOUT", "5", "HTTP_REQUEST_TIMEOUT", "2.5",
                "HTTP_MAX_CONNECTIONS", "100", "TCP_MAX_CONNECTIONS", "50", "HTTP_MAX_BODY_SIZE", "64"), 4096);
        assertThat(set).isEqualTo(new ListenerLimits(Duration.ofSeconds(5), Duration.ofMillis(2500), 100, 50, 64));
    }

    @Test
    void capsThatWouldNotLeaveTheReserveStopStartup() {
        assertThatThrownBy(() -> limits(Map.of("HTTP_MAX_CONNECTIONS", "5000"), 4096))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid HTTP_MAX_CONNECTIONS='5000': expected at most 2880 beside TCP_MAX_CONNECTIONS 960:"
                        + " the limit on open files is 4096, of which 256 are kept for the sidecar itself"
                        + " (or raise LimitNOFILE=)");
        assertThatThrownBy(() -> limits(Map.of("TCP_MAX_CONNECTIONS", "3000"), 4096))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid TCP_MAX_CONNECTIONS='3000': expected at most 2816 beside HTTP_MAX_CONNECTIONS 1024:");
    }

    @Test
    void aLimitTooLowForTheReserveStopsStartup() {
        assertThatThrownBy(() -> limits(Map.of(), 200))
                .isInstanceOf(ConfigException.class)
                .hasMessage("the limit on open files (RLIMIT_NOFILE) is 200; the sidecar needs more than 257"
                        + " (raise LimitNOFILE= or ulimit -n)");
    }

    @Test
    void theLimitIsReadFromProcLimits() {
        assertThat(DescriptorLimit.soft(List.of("Limit                     Soft Limit           Hard Limit           Units",
                "Max open files            1024                 524288               files"))).hasValue(1024);
        assertThat(DescriptorLimit.soft(List.of("Max open files            unlimited            unlimited            files")))
                .hasValue(Long.MAX_VALUE);
        assertThat(DescriptorLimit.soft(List.of("Max processes 10 10 processes"))).isEqualTo(OptionalLong.empty());
        assertThat(DescriptorLimit.current()).isPositive();
    }
}
