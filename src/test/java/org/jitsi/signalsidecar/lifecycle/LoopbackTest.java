package org.jitsi.signalsidecar.lifecycle;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class LoopbackTest {
    @ParameterizedTest
    @CsvSource({
            "0.0.0.0, 127.0.0.1",
            "::, 127.0.0.1",
            "0:0:0:0:0:0:0:0, 127.0.0.1",
            "127.0.0.1, 127.0.0.1",
            "127.0.0.2, 127.0.0.2",
            "::1, ::1",
            "10.1.2.3, 10.1.2.3",
            "localhost, localhost",
    })
    void aWildcardListenerIsReachedOnTheLoopbackAnyOtherAtItsOwnAddress(String listensOn, String reachedAt) {
        assertThat(Loopback.reaching(listensOn)).isEqualTo(reachedAt);
    }
}
