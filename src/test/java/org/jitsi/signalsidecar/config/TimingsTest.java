package org.jitsi.signalsidecar.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The waits derived from the poll interval and the request timeout. */
class TimingsTest {
    private static Timings timings(Duration interval, Duration requestTimeout) {
        return Timings.of(new PeerSettings(URI.create("http://localhost:8888"), URI.create("http://localhost:5280"),
                Path.of("/etc/jitsi/shard-status"), interval, requestTimeout, Optional.empty()));
    }

    @Test
    void aPollLoopIsStalledAfterThreeIntervalsAndARequestTimeout() {
        assertThat(timings(Duration.ofSeconds(2), Duration.ofSeconds(1)).stallLimit()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void aDrainControlChangeWaitsForTwoPollsBoundedByTheRequestTimeoutAndASecond() {
        assertThat(timings(Duration.ofSeconds(2), Duration.ofSeconds(1)).publishTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(timings(Duration.ofMinutes(1), Duration.ofSeconds(1)).publishTimeout())
                .as("the command asks for a poll: the interval does not matter").isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void theOperatorCommandWaitsTwoIntervalsARequestTimeoutAndFiveSeconds() {
        assertThat(timings(Duration.ofSeconds(2), Duration.ofSeconds(1)).cliPatience()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theConfigurationHandsThemOut() {
        SidecarConfig config = ConfigLoader.load(Optional.empty(), Map.of("POLLING_INTERVAL", "2",
                "REQUEST_TIMEOUT", "1"), Path.of("/nonexistent/config.yaml")).config();
        assertThat(config.timings()).isEqualTo(timings(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
