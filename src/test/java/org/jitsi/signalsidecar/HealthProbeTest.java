package org.jitsi.signalsidecar;

import org.jitsi.signalsidecar.config.ListenAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class HealthProbeTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0.0.0.0     | http://127.0.0.1:6000/health",
            "::          | http://127.0.0.1:6000/health",
            "127.0.0.1   | http://127.0.0.1:6000/health",
            "192.0.2.7   | http://192.0.2.7:6000/health",
            "::1         | http://[::1]:6000/health",
            "sidecar.invalid | http://sidecar.invalid:6000/health",
    })
    void asksTheListenAddressOrLoopbackWhenListeningOnAllInterfaces(String host, String expected) {
        assertThat(HealthProbe.healthUri(new ListenAddress(host, 6000))).hasToString(expected);
    }
}
