package org.jitsi.signalsidecar.poll;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import org.jitsi.signalsidecar.report.JicofoCounts;
import org.jitsi.signalsidecar.testing.StubPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JicofoStatsParserTest {
    private static JicofoCounts parse(String body) throws MalformedBodyException {
        return JicofoStatsParser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void realJicofoStatsWithIdleNaNAverage() throws MalformedBodyException {
        assertThat(parse(StubPeer.jicofoStats(0, 0))).isEqualTo(new JicofoCounts(0, OptionalLong.of(0)));
        assertThat(parse(StubPeer.jicofoStats(131, 37))).isEqualTo(new JicofoCounts(131, OptionalLong.of(37)));
    }

    @Test
    void conferencesMayBeMissing() throws MalformedBodyException {
        assertThat(parse("{\"participants\":5}")).isEqualTo(new JicofoCounts(5, OptionalLong.empty()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "not json                              | stats are not valid JSON",
            "[1,2]                                 | stats are not a JSON object",
            "{}                                    | stats carry no integer participants",
            "{\"participants\":\"12\"}             | stats field participants is not an integer",
            "{\"participants\":12.5}               | stats field participants is not an integer",
            "{\"participants\":-1}                 | stats field participants is negative",
            "{\"participants\":99999999999999999999} | stats field participants is not an integer",
            "{\"participants\":1,\"conferences\":null} | stats field conferences is not an integer",
            "{\"participants\":1} {}               | stats carry data after the JSON object",
            "{\"participants\":1                   | stats are not valid JSON"})
    void unusableStatsSayWhy(String body, String problem) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(MalformedBodyException.class).hasMessageStartingWith(problem);
    }
}
