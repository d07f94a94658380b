package org.jitsi.signalsidecar.fleet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.jitsi.signalsidecar.lifecycle.Text;

import static java.util.Objects.requireNonNull;

/**
 * The facts the fleet view takes from one published report (the {@code /signal/report} body with
 * its {@code census} field, as {@code consul/ConsulReport} writes it).
 *
 * @param time         the report's {@code time}: when the poll it describes ran
 * @param healthy      its {@code healthy}
 * @param status       its {@code status} word
 * @param weight       its {@code weight}, e.g. {@code 100%}
 * @param statusFile   what the sidecar read in its status file ({@code statuses.statusFileContents})
 * @param participants {@code stats.jicofoParticipants}, when jicofo gave it
 * @param conferences  {@code stats.jicofoConferences}, when jicofo gave it
 * @param rooms        the number of census rooms, when the report carries a non-empty census
 */
public record ShardReport(Instant time, boolean healthy, String status, String weight, String statusFile,
                          OptionalLong participants, OptionalLong conferences, OptionalInt rooms) {
    private static final JsonFactory JSON = new JsonFactory();

    public ShardReport {
        requireNonNull(time, "time is null");
        requireNonNull(status, "status is null");
        requireNonNull(weight, "weight is null");
        requireNonNull(statusFile, "statusFile is null");
        requireNonNull(participants, "participants is null");
        requireNonNull(conferences, "conferences is null");
        requireNonNull(rooms, "rooms is null");
    }

    /** A value that is not a report: why, in a few words. */
    public static final class NotAReport extends Exception {
        NotAReport(String message) {
            super(message, null, false, false);
        }
    }

    /** Parses a report; anything else (another JSON, not JSON, no time) is a {@link NotAReport}. */
    public static ShardReport parse(String value) throws NotAReport {
        if (value.isBlank()) {
            throw new NotAReport("empty");
        }
        Instant time = null;
        Boolean healthy = null;
        String status = null;
        String weight = "?";
        String statusFile = "";
        OptionalLong participants = OptionalLong.empty();
        OptionalLong conferences = OptionalLong.empty();
        OptionalInt rooms = OptionalInt.empty();
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new NotAReport("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken token = p.nextToken();
                switch (name) {
                    case "time" -> time = token == JsonToken.VALUE_STRING ? instant(p.getText()) : skip(p, null);
                    case "healthy" -> healthy = token.isBoolean() ? token == JsonToken.VALUE_TRUE : skip(p, null);
                    case "status" -> status = token == JsonToken.VALUE_STRING ? p.getText() : skip(p, null);
                    case "weight" -> weight = token.isScalarValue() ? p.getText() : skip(p, "?");
                    case "statuses" -> statusFile = field(p, "statusFileContents").orElse("");
                    case "stats" -> {
                        long[] numbers = {-1, -1};
                        while (token == JsonToken.START_OBJECT && p.nextToken() == JsonToken.FIELD_NAME) {
                            String stat = p.currentName();
                            JsonToken t = p.nextToken();
                            int slot = stat.equals("jicofoParticipants") ? 0 : stat.equals("jicofoConferences") ? 1 : -1;
                            if (slot >= 0 && t == JsonToken.VALUE_NUMBER_INT) {
                                numbers[slot] = p.getLongValue();
                            } else {
                                p.skipChildren();
                            }
                        }
                        participants = numbers[0] < 0 ? OptionalLong.empty() : OptionalLong.of(numbers[0]);
                        conferences = numbers[1] < 0 ? OptionalLong.empty() : OptionalLong.of(numbers[1]);
                    }
                    case "census" -> rooms = count(p, token);
                    default -> p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw new NotAReport("not JSON (" + Text.oneLine(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            throw new NotAReport("not JSON (" + Text.oneLine(e.getMessage()) + ")");
        }
        if (time == null || healthy == null || status == null) {
            throw new NotAReport("not a signal-sidecar report (no time, healthy or status)");
        }
        return new ShardReport(time, healthy, status, weight, statusFile, participants, conferences, rooms);
    }

    /** Skips the value at the parser (an object or array to its end) and answers {@code instead}. */
    private static <T> T skip(JsonParser p, T instead) throws IOException {
        p.skipChildren();
        return instead;
    }

    private static Instant instant(String text) throws NotAReport {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new NotAReport("its time '" + Text.oneLine(text) + "' is not an ISO-8601 instant");
        }
    }

    /** A string field of the object at the parser, which is consumed to its end. */
    private static Optional<String> field(JsonParser p, String wanted) throws IOException {
        Optional<String> found = Optional.empty();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return found;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (name.equals(wanted) && t == JsonToken.VALUE_STRING) {
                found = Optional.of(p.getText());
            } else {
                p.skipChildren();
            }
        }
        return found;
    }

    /** The length of a non-empty census array; empty for {@code []} (census reports off), {@code null} or anything else. */
    private static OptionalInt count(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_ARRAY) {
            p.skipChildren();
            return OptionalInt.empty();
        }
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            p.skipChildren();
            n++;
        }
        return n == 0 ? OptionalInt.empty() : OptionalInt.of(n);
    }
}
