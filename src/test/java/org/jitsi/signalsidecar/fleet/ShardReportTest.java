package org.jitsi.signalsidecar.fleet;

import java.time.Instant;

import org.jitsi.signalsidecar.testing.FleetShards;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardReportTest {
    private static final Instant T = Instant.parse("2026-12-06T03:00:00Z");

    @Test
    void readsWhatTheSidecarPublishes() throws Exception {
        ShardReport r = ShardReport.parse(FleetShards.report(T, false, "drain", "ready", 0, 7, 2, 3));

        assertThat(r).isEqualTo(new ShardReport(T, false, "drain", "0%", "ready", java.util.OptionalLong.of(7),
                java.util.OptionalLong.of(2), java.util.OptionalInt.of(3)));
    }

    @Test
    void nestedValuesWhereWordsAreExpectedDoNotDerailTheRest() throws Exception {
        ShardReport r = ShardReport.parse("{\"weight\":{\"a\":[1,{\"time\":\"x\"}]},\"time\":\"2026-12-06T03:00:00Z\","
                + "\"healthy\":true,\"status\":\"ready\",\"stats\":{\"jicofoParticipants\":null},\"census\":null}");

        assertThat(r.weight()).isEqualTo("?");
        assertThat(r.participants()).isEmpty();
        assertThat(r.rooms()).isEmpty();
        assertThat(r.time()).isEqualTo(T);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                                                             | empty",
            "[1,2]                                                          | not a JSON object",
            "{\"time\":\"yesterday\",\"healthy\":true,\"status\":\"ready\"} | its time 'yesterday' is not an ISO-8601 instant",
            "{\"healthy\":true,\"status\":\"ready\"}                        | not a signal-sidecar report (no time, healthy or status)",
            "{\"time\":\"2026-12-06T03:00:00Z\",\"healthy\":\"yes\",\"status\":\"ready\"} | not a signal-sidecar report (no time, healthy or status)",
            "{\"time\":\"2026-12-06T03:00:00Z\",\"healthy\":true,\"status\":{\"x\":1}} | not a signal-sidecar report (no time, healthy or status)",
            "{\"time\":                                                     | not JSON"})
    void anythingElseIsNotAReportWithAReason(String value, String reason) {
        assertThatThrownBy(() -> ShardReport.parse(value)).isInstanceOf(ShardReport.NotAReport.class)
                .hasMessageStartingWith(reason);
    }
}
