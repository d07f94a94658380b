package org.jitsi.signalsidecar.poll;

import java.nio.charset.StandardCharsets;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.jitsi.signalsidecar.lifecycle.Text;
import org.jitsi.signalsidecar.report.CensusSummary;
import org.junit.jupiter.api.Tag;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes every parser of what a peer sends (jicofo's stats, prosody's census) with random bytes and with JSON-like text built from the tokens those parsers look for:
 * nothing escapes but {@link MalformedBodyException}, and what they keep is bounded by what they
 * read. The number of tries per property is {@code jqwik.tries.default} (1000, see
 * {@code junit-platform.properties}); docs/reliability.md has the command for a longer run.
 */
@Tag("fuzz")
class PeerInputFuzzTest {
    /** A problem is one short phrase plus at most {@code Text.oneLine}'s 200 characters. */
    private static final int MAX_PROBLEM_CHARS = 300;
    /** {@code {}} becomes {@code {"room_census":[]}}: the census copy may exceed its input by this. */
    private static final int CENSUS_OVERHEAD = 32;

    private static final List<String> TOKENS = List.of(
            "{", "}", "[", "]", ":", ",", " ", "\"", "\\", "\n",
            "\"participants\"", "\"conferences\"", "\"room_census\"", "\"room_name\"", "\"leaked\"", "\"x\"",
            "0", "-1", "12", "1.5", "1e3", "-0", "9223372036854775807", "9223372036854775808", "99999999999999999999",
            "true", "false", "null", "\"NaN\"", "NaN", "\"\\ud800\"", "\"\\u0000\"", "\"\u00e9\"", "\"\\uD83D\\uDE00\"",
            "\"room1@conference.meet.test\"", "{\"participants\":", "{\"room_census\":[", "/*", "'");

    @Provide
    Arbitrary<byte[]> jsonish() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(80)
                .map(tokens -> String.join("", tokens).getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<byte[]> roomsOf() {
        // well-formed censuses with odd rooms, to get past the envelope
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.strings().ofMaxLength(20).map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""),
                Arbitraries.of("null", "true", "[]", "{}", "1.5", "99999999999999999999", "-3"));
        Arbitrary<String> room = Arbitraries.of("participants", "room_name", "leaked", "created_time", "x")
                .flatMap(key -> value.map(v -> "\"" + key + "\":" + v))
                .list().ofMaxSize(5).map(fields -> "{" + String.join(",", fields) + "}");
        return room.list().ofMaxSize(20)
                .map(rooms -> ("{\"room_census\":[" + String.join(",", rooms) + "]}").getBytes(StandardCharsets.UTF_8));
    }

    @Property
    void statsFromTokensFailOnlyAsMalformed(@ForAll("jsonish") byte[] body) {
        stats(body);
    }

    @Property
    void statsFromRandomBytesFailOnlyAsMalformed(@ForAll @Size(max = 512) byte[] body) {
        stats(body);
    }

    @Property
    void censusFromTokensIsBoundedOrMalformed(@ForAll("jsonish") byte[] body) {
        census(body);
    }

    @Property
    void censusFromRandomBytesIsBoundedOrMalformed(@ForAll @Size(max = 512) byte[] body) {
        census(body);
    }

    @Property
    void censusOfOddRoomsIsBoundedOrMalformed(@ForAll("roomsOf") byte[] body) {
        census(body);
    }


    private static void stats(byte[] body) {
        try {
            assertThat(JicofoStatsParser.parse(body).participants()).isNotNegative();
        } catch (MalformedBodyException e) {
            assertThat(e.getMessage()).hasSizeLessThanOrEqualTo(MAX_PROBLEM_CHARS).doesNotContain("\n");
        }
    }

    private static void census(byte[] body) {
        try {
            CensusSummary summary = CensusParser.parse(body);
            assertThat(summary.json().length).isLessThanOrEqualTo(body.length + CENSUS_OVERHEAD);
            assertThat(summary.rooms()).isLessThanOrEqualTo(body.length);
            assertThat(summary.participants()).isNotNegative();
        } catch (MalformedBodyException e) {
            assertThat(e.getMessage()).hasSizeLessThanOrEqualTo(MAX_PROBLEM_CHARS).doesNotContain("\n");
        }
    }

}
