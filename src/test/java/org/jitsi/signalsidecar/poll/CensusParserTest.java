package org.jitsi.signalsidecar.poll;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.jitsi.signalsidecar.report.CensusSummary;
import org.jitsi.signalsidecar.testing.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** What prosody's {@code /room-census} bodies become: counts and the served JSON. */
class CensusParserTest {
    private static final String NO_ROOMS = "{\"room_census\":[]}";

    static Stream<Arguments> usableCensuses() {
        return Stream.of(
                arguments("older module, no rooms", "{}", 0, 0, 0, NO_ROOMS),
                arguments("older module, rooms all gone", "{\"room_census\":{}}", 0, 0, 0, NO_ROOMS),
                arguments("current module, no rooms", NO_ROOMS, 0, 0, 0, NO_ROOMS),
                arguments("blank around the JSON", " \n{ \"room_census\" : [ ] }\n", 0, 0, 0, NO_ROOMS),
                arguments("two rooms, key order varying per room",
                        "{\"room_census\":[{\"room_name\":\"a@conference.meet.test\",\"participants\":3},"
                                + "{\"participants\":5,\"room_name\":\"b@conference.meet.test\"}]}",
                        2, 8, 34,
                        "{\"room_census\":[{\"room_name\":\"a@conference.meet.test\",\"participants\":3},"
                                + "{\"participants\":5,\"room_name\":\"b@conference.meet.test\"}]}"),
                arguments("current module: leaked flag kept, created_time absent",
                        "{\"room_census\":[{\"leaked\":false,\"participants\":2,\"room_name\":\"r@c.meet.test\"}]}",
                        1, 2, 4,
                        "{\"room_census\":[{\"leaked\":false,\"participants\":2,\"room_name\":\"r@c.meet.test\"}]}"),
                arguments("old module versions emit -1 for a room with only focus: counts as 0, served as sent",
                        "{\"room_census\":[{\"room_name\":\"a@c\",\"participants\":-1},"
                                + "{\"room_name\":\"b@c\",\"participants\":4}]}",
                        2, 4, 16,
                        "{\"room_census\":[{\"room_name\":\"a@c\",\"participants\":-1},"
                                + "{\"room_name\":\"b@c\",\"participants\":4}]}"),
                arguments("participants missing or of the wrong type count as 0, the room still counts",
                        "{\"room_census\":[{\"room_name\":\"a@c\"},{\"participants\":\"3\"},{\"participants\":2.5},"
                                + "{\"participants\":null},{\"participants\":true},{\"participants\":{\"n\":3}},"
                                + "{\"participants\":[3]},{\"participants\":123456789012345678901234567890},{}]}",
                        9, 0, 0,
                        "{\"room_census\":[{\"room_name\":\"a@c\"},{\"participants\":\"3\"},{\"participants\":2.5},"
                                + "{\"participants\":null},{\"participants\":true},{\"participants\":{\"n\":3}},"
                                + "{\"participants\":[3]},{\"participants\":123456789012345678901234567890},{}]}"),
                arguments("extra fields, nested ones too, pass through",
                        "{\"room_census\":[{\"room_name\":\"a@c\",\"participants\":1,\"x\":{\"y\":[1,{\"z\":null}]}}]}",
                        1, 1, 1,
                        "{\"room_census\":[{\"room_name\":\"a@c\",\"participants\":1,\"x\":{\"y\":[1,{\"z\":null}]}}]}"),
                arguments("other top-level fields are not served",
                        "{\"version\":2,\"room_census\":[{\"participants\":1}],\"extra\":{\"a\":[]}}",
                        1, 1, 1,
                        "{\"room_census\":[{\"participants\":1}]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void usableCensuses(String what, String body, int rooms, long participants, long sumSquared, String served)
            throws MalformedBodyException {
        CensusSummary census = CensusParser.parse(bytes(body));

        assertThat(census.rooms()).as("rooms").isEqualTo(rooms);
        assertThat(census.participants()).as("participants").isEqualTo(participants);
        assertThat(census.sumSquaredParticipants()).as("sum of squares").isEqualTo(sumSquared);
        assertThat(Json.parse(census.json())).isEqualTo(Json.parse(served));
    }

    @Test
    void createdTimeIsServedExactlyAsProsodySentIt() throws MalformedBodyException {
        String body = "{\"room_census\":[{\"room_name\":\"a@c\",\"created_time\":\"1764051473123\"},"
                + "{\"room_name\":\"b@c\",\"created_time\":1764051473123},"
                + "{\"room_name\":\"c@c\",\"created_time\":1764051473123.4567891},"
                + "{\"room_name\":\"d@c\",\"created_time\":\"\"}]}";

        String served = new String(CensusParser.parse(bytes(body)).json(), StandardCharsets.UTF_8);

        assertThat(served).isEqualTo(body);
    }

    static Stream<Arguments> unusableCensuses() {
        return Stream.of(
                arguments("empty body", "", "not a JSON object"),
                arguments("prosody's 404 page (wrong Host)",
                        "<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head></html>", "not valid JSON"),
                arguments("a bare array", "[]", "not a JSON object"),
                arguments("a string", "\"room_census\"", "not a JSON object"),
                arguments("null", "null", "not a JSON object"),
                arguments("room_census null", "{\"room_census\":null}", "not an array"),
                arguments("room_census a number", "{\"room_census\":3}", "not an array"),
                arguments("room_census a non-empty object", "{\"room_census\":{\"a@c\":3}}", "non-empty object"),
                arguments("a room that is not an object", "{\"room_census\":[{\"participants\":1},3]}",
                        "room_census[1] is not an object"),
                arguments("room_census twice", "{\"room_census\":[],\"room_census\":[]}", "twice"),
                arguments("cut off mid-way", "{\"room_census\":[{\"room_name\":\"a@c\",\"partici", "not valid JSON"),
                arguments("unclosed array", "{\"room_census\":[{}", "not valid JSON"),
                arguments("trailing garbage", "{\"room_census\":[]} x", "not valid JSON"),
                arguments("two objects", "{}{}", "data after the JSON object"),
                arguments("single quotes", "{'room_census':[]}", "not valid JSON"),
                arguments("sum of squares beyond a long",
                        "{\"room_census\":[{\"participants\":4000000000},{\"participants\":4000000000}]}",
                        "implausibly large"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void unusableCensuses(String what, String body, String because) {
        assertThatThrownBy(() -> CensusParser.parse(bytes(body)))
                .isInstanceOf(MalformedBodyException.class)
                .hasMessageContaining(because);
    }

    @Test
    void twentyThousandRoomsParseInMemoryAboutTheSizeOfTheBody() throws MalformedBodyException {
        int rooms = 20_000;
        StringBuilder body = new StringBuilder("{\"room_census\":[");
        long participants = 0;
        long sumSquared = 0;
        for (int i = 0; i < rooms; i++) {
            int n = i % 50 - 1; // -1 (old modules) up to 48
            participants += Math.max(0, n);
            sumSquared += (long) Math.max(0, n) * Math.max(0, n);
            body.append(i == 0 ? "" : ",")
                    .append("{\"room_name\":\"a-room-with-a-rather-long-name-").append(i)
                    .append("@conference.meet.example.com\",\"participants\":").append(n)
                    .append(",\"created_time\":").append(1_764_051_473_000L + i)
                    .append(",\"leaked\":false}");
        }
        byte[] bytes = bytes(body.append("]}").toString());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        CensusParser.parse(bytes(NO_ROOMS)); // loads the parser's classes, which is not the parse's cost
        long before = threads.getCurrentThreadAllocatedBytes();
        CensusSummary census = CensusParser.parse(bytes);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // the served copy (allocated up front, then trimmed once) plus small fixed buffers
        assertThat(allocated).as("bytes allocated parsing a %d-byte census", bytes.length)
                .isLessThan(3L * bytes.length + (1 << 20));

        assertThat(census.rooms()).isEqualTo(rooms);
        assertThat(census.participants()).isEqualTo(participants);
        assertThat(census.sumSquaredParticipants()).isEqualTo(sumSquared);
        assertThat(census.json()).hasSize(bytes.length);
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
