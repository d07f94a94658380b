package org.jitsi.signalsidecar.observe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading memory sizes from {@code /proc/self/status}. */
class ProcessMetricsTest {
    private static final String STATUS = """
            Name:\tjava
            VmPeak:\t 9006464 kB
            VmSize:\t 8892628 kB
            VmRSS:\t  166608 kB
            Threads:\t31
            """;

    @Test
    void aFieldIsReadInKilobytes() {
        assertThat(ProcessMetrics.statusKilobytes(STATUS, "VmRSS")).hasValue(166608);
        assertThat(ProcessMetrics.statusKilobytes(STATUS, "VmSize")).hasValue(8892628);
    }

    @Test
    void aMissingOrOddFieldIsUnknown() {
        assertThat(ProcessMetrics.statusKilobytes(STATUS, "VmSwap")).isEmpty();
        assertThat(ProcessMetrics.statusKilobytes(STATUS, "Threads")).isEmpty();
        assertThat(ProcessMetrics.statusKilobytes("VmRSS:\t12 MB\n", "VmRSS")).isEmpty();
        assertThat(ProcessMetrics.statusKilobytes("", "VmRSS")).isEmpty();
    }
}
