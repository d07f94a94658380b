package org.jitsi.signalsidecar.poll;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.jitsi.signalsidecar.lifecycle.Text;
import org.jitsi.signalsidecar.report.CensusSummary;

/**
 * Reads {@code mod_muc_census}'s {@code /room-census} in one streaming pass: counts rooms and
 * participants and copies the rooms, with every field prosody sent, into the body
 * {@code /signal/census} serves. Room and key order do not matter; {@code {}} and
 * {@code {"room_census":{}}} (older module versions) mean no rooms. A room's {@code participants}
 * that is missing, not an integer or negative counts as 0. Values are copied exactly: a
 * {@code created_time} stays a string when prosody sent a string, and a number keeps every digit.
 * Besides the body, parsing holds only the copy (about as large) and Jackson's small buffers.
 */
final class CensusParser {
    private static final JsonFactory JSON = new JsonFactory();
    private static final String ROOMS = "room_census";

    private CensusParser() {
    }

    static CensusSummary parse(byte[] body) throws MalformedBodyException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(32, body.length));
        Totals totals = new Totals();
        try (JsonParser p = JSON.createParser(body); JsonGenerator g = JSON.createGenerator(out)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedBodyException("census is not a JSON object");
            }
            g.writeStartObject();
            g.writeArrayFieldStart(ROOMS);
            boolean seen = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (!name.equals(ROOMS)) {
                    p.skipChildren();
                } else if (seen) {
                    throw new MalformedBodyException("census has room_census twice");
                } else {
                    seen = true;
                    copyRooms(p, value, g, totals);
                }
            }
            if (p.nextToken() != null) {
                throw new MalformedBodyException("census carries data after the JSON object");
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new MalformedBodyException("census is not valid JSON: " + Text.oneLine(e.getMessage()));
        }
        return new CensusSummary(totals.rooms, totals.participants, totals.sumSquared, out.toByteArray());
    }

    private static void copyRooms(JsonParser p, JsonToken value, JsonGenerator g, Totals totals)
            throws IOException, MalformedBodyException {
        if (value == JsonToken.START_OBJECT) {
            if (p.nextToken() != JsonToken.END_OBJECT) {
                throw new MalformedBodyException("room_census is a non-empty object, expected an array");
            }
            return;
        }
        if (value != JsonToken.START_ARRAY) {
            throw new MalformedBodyException("room_census is not an array");
        }
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                throw new MalformedBodyException("room_census[" + totals.rooms + "] is not an object");
            }
            totals.add(copyRoom(p, g));
        }
    }

    /** Copies one room object and returns its participant count. */
    private static long copyRoom(JsonParser p, JsonGenerator g) throws IOException {
        long participants = 0;
        g.writeStartObject();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("participants") && value == JsonToken.VALUE_NUMBER_INT
                    && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                participants = Math.max(0, p.getLongValue());
            }
            g.writeFieldName(name);
            g.copyCurrentStructureExact(p);
        }
        g.writeEndObject();
        return participants;
    }

    private static final class Totals {
        int rooms;
        long participants;
        long sumSquared;

        void add(long roomParticipants) throws MalformedBodyException {
            try {
                rooms++;
                participants = Math.addExact(participants, roomParticipants);
                sumSquared = Math.addExact(sumSquared, Math.multiplyExact(roomParticipants, roomParticipants));
            } catch (ArithmeticException e) {
                throw new MalformedBodyException("census participant counts are implausibly large");
            }
        }
    }
}
