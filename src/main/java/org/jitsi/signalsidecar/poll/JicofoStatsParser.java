package org.jitsi.signalsidecar.poll;

import java.io.IOException;
import java.util.OptionalLong;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.jitsi.signalsidecar.lifecycle.Text;
import org.jitsi.signalsidecar.report.JicofoCounts;

/**
 * Reads {@code participants} and {@code conferences} from jicofo's {@code /stats}. Every other
 * field is skipped unread, whatever its shape (jicofo's {@code conference_sizes.average} is the
 * string {@code "NaN"} when idle), so only those two can fail the parse.
 */
final class JicofoStatsParser {
    private static final JsonFactory JSON = new JsonFactory();

    private JicofoStatsParser() {
    }

    static JicofoCounts parse(byte[] body) throws MalformedBodyException {
        OptionalLong participants = OptionalLong.empty();
        OptionalLong conferences = OptionalLong.empty();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedBodyException("stats are not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "participants" -> participants = OptionalLong.of(count(p, value, name));
                    case "conferences" -> conferences = OptionalLong.of(count(p, value, name));
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new MalformedBodyException("stats carry data after the JSON object");
            }
        } catch (IOException e) {
            throw new MalformedBodyException("stats are not valid JSON: " + Text.oneLine(e.getMessage()));
        }
        if (participants.isEmpty()) {
            throw new MalformedBodyException("stats carry no integer participants");
        }
        return new JicofoCounts(participants.getAsLong(), conferences);
    }

    private static long count(JsonParser p, JsonToken value, String name) throws IOException, MalformedBodyException {
        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new MalformedBodyException("stats field " + name + " is not an integer");
        }
        long count = p.getLongValue();
        if (count < 0) {
            throw new MalformedBodyException("stats field " + name + " is negative");
        }
        return count;
    }
}
