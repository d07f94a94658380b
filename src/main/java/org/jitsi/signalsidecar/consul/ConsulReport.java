package org.jitsi.signalsidecar.consul;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

import org.jitsi.signalsidecar.report.CensusState;
import org.jitsi.signalsidecar.report.CensusSummary;
import org.jitsi.signalsidecar.report.Snapshot;

/**
 * The value published to the report key: the {@code /signal/report} body of that instant, with
 * one more field at its end, {@code census}. With census reports on it is the rooms of the latest
 * census poll as prosody listed them, or {@code null} when that poll failed (an empty array would
 * claim an empty node); with them off it is {@code []}, so consumers always find the field.
 */
final class ConsulReport {
    private static final JsonFactory JSON = new JsonFactory();

    private ConsulReport() {
    }

    static byte[] body(Snapshot snapshot, Instant now, boolean censusReports) {
        return snapshot.reportAt(now, g -> {
            g.writeFieldName("census");
            if (!censusReports) {
                g.writeStartArray();
                g.writeEndArray();
            } else {
                Optional<CensusSummary> rooms = snapshot.census().flatMap(ConsulReport::latest);
                if (rooms.isPresent()) {
                    copyRooms(rooms.get().json(), g);
                } else {
                    g.writeNull();
                }
            }
        });
    }

    private static Optional<CensusSummary> latest(CensusState census) {
        return census.latest().summary();
    }

    /** Copies the array of {@code {"room_census":[…]}}, the census as the sidecar keeps it. */
    private static void copyRooms(byte[] census, JsonGenerator g) throws IOException {
        try (JsonParser p = JSON.createParser(census)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("room_census")) {
                    g.copyCurrentStructure(p);
                    return;
                }
                p.skipChildren();
            }
        }
        g.writeStartArray();
        g.writeEndArray();
    }
}
