package org.jitsi.signalsidecar.fleet;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.jitsi.signalsidecar.report.JsonBytes;
import org.jitsi.signalsidecar.report.ReportTime;

/**
 * The fleet table for machines: {@code {"time", "allFine", "shards": [...], "totals": {...}}}, one
 * object per shard with {@code shard}, {@code state} ({@code fresh}, {@code stale}, {@code missing},
 * {@code malformed}), {@code healthy}, {@code status}, {@code desired}, {@code disagrees},
 * {@code weight}, {@code participants}, {@code conferences}, {@code rooms}, {@code ageSeconds}
 * ({@code null} where unknown) and {@code problem} for a value that is not a report.
 */
public final class FleetJson {
    private FleetJson() {
    }

    public static byte[] write(FleetTable table) {
        return JsonBytes.object(512 + 300 * table.rows().size(), g -> {
            g.writeStringField("time", ReportTime.format(table.at()));
            g.writeBooleanField("allFine", table.allFine());
            g.writeArrayFieldStart("shards");
            for (FleetRow row : table.rows()) {
                row(g, row);
            }
            g.writeEndArray();
            FleetTable.Totals t = table.totals();
            g.writeObjectFieldStart("totals");
            g.writeNumberField("shards", t.shards());
            g.writeNumberField("fine", t.fine());
            g.writeNumberField("unhealthy", t.unhealthy());
            g.writeNumberField("stale", t.stale());
            g.writeNumberField("missing", t.missing());
            g.writeNumberField("malformed", t.malformed());
            g.writeNumberField("disagreeing", t.disagreeing());
            g.writeNumberField("participants", t.participants());
            g.writeNumberField("conferences", t.conferences());
            g.writeNumberField("rooms", t.rooms());
            g.writeEndObject();
        });
    }

    private static void row(JsonGenerator g, FleetRow row) throws IOException {
        g.writeStartObject();
        g.writeStringField("shard", row.shard());
        g.writeStringField("state", switch (row.state()) {
            case FRESH -> "fresh";
            case STALE -> "stale";
            case MISSING -> "missing";
            case MALFORMED -> "malformed";
        });
        if (row.report().isPresent()) {
            ShardReport r = row.report().get();
            g.writeBooleanField("healthy", r.healthy());
            g.writeStringField("status", r.status());
        } else {
            g.writeNullField("healthy");
            g.writeNullField("status");
        }
        if (row.desired().isPresent()) {
            g.writeStringField("desired", row.desired().get());
        } else {
            g.writeNullField("desired");
        }
        g.writeBooleanField("disagrees", row.disagrees());
        if (row.report().isPresent()) {
            ShardReport r = row.report().get();
            g.writeStringField("weight", r.weight());
            number(g, "participants", r.participants());
            number(g, "conferences", r.conferences());
            OptionalInt rooms = r.rooms();
            number(g, "rooms", rooms.isPresent() ? OptionalLong.of(rooms.getAsInt()) : OptionalLong.empty());
        } else {
            g.writeNullField("weight");
            g.writeNullField("participants");
            g.writeNullField("conferences");
            g.writeNullField("rooms");
        }
        number(g, "ageSeconds", row.age().map(a -> OptionalLong.of(a.toSeconds())).orElse(OptionalLong.empty()));
        if (row.problem().isPresent()) {
            g.writeStringField("problem", row.problem().get());
        }
        g.writeEndObject();
    }

    private static void number(JsonGenerator g, String name, OptionalLong n) throws IOException {
        if (n.isPresent()) {
            g.writeNumberField(name, n.getAsLong());
        } else {
            g.writeNullField(name);
        }
    }
}
