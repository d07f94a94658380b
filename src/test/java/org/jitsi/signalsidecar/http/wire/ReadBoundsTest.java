package org.jitsi.signalsidecar.http.wire;

import java.time.Duration;

import org.jitsi.signalsidecar.config.ListenerLimits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How long an HTTP connection may wait on its client, and how often that is looked at. */
class ReadBoundsTest {
    @Test
    void theDefaultsLingerASecondAndAreCheckedFourTimesASecond() {
        ReadBounds bounds = ReadBounds.of(ListenerLimits.DEFAULTS);
        assertThat(bounds).isEqualTo(new ReadBounds(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(1)));
        assertThat(bounds.checkPeriod()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aShortRequestTimeoutShortensTheLingerAndTheCheckPeriod() {
        ReadBounds bounds = ReadBounds.of(ListenerLimits.DEFAULTS.withTimeouts(Duration.ofSeconds(30), Duration.ofMillis(200)));
        assertThat(bounds.linger()).isEqualTo(Duration.ofMillis(200));
        assertThat(bounds.checkPeriod()).isEqualTo(Duration.ofMillis(50));
        ReadBounds tiny = ReadBounds.of(ListenerLimits.DEFAULTS.withTimeouts(Duration.ofMillis(1), Duration.ofMillis(1)));
        assertThat(tiny.checkPeriod()).isEqualTo(Duration.ofMillis(10));
    }
}
