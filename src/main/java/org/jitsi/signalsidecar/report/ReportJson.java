package org.jitsi.signalsidecar.report;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.Optional;

/**
 * The {@code /signal/report} JSON: every field the Node.js sidecar documented and every field it
 * actually sent, keys in the order it sent them, so consumers of either keep working.
 */
final class ReportJson {
    private ReportJson() {
    }

    static byte[] write(Observations o, Assessment a, Optional<CensusState> census, NodeView view) {
        return write(o, a, census, view, g -> { });
    }

    /** The report with {@code more} fields after its own. */
    static byte[] write(Observations o, Assessment a, Optional<CensusState> census, NodeView view,
                        JsonBytes.Fields more) {
        return JsonBytes.object(1024, g -> {
            g.writeStringField("time", ReportTime.format(o.time()));
            g.writeBooleanField("healthy", view.healthy());
            g.writeBooleanField("healthdamped", view.damped());
            g.writeStringField("status", view.status().word());
            g.writeStringField("weight", view.weightPercent() + "%");

            g.writeObjectFieldStart("services");
            for (Input input : Input.values()) {
                writeServices(g, input, o, a);
            }
            g.writeEndObject();

            g.writeObjectFieldStart("statuses");
            writeStatusFile(g, o.statusFile());
            g.writeEndObject();

            g.writeObjectFieldStart("stats");
            writeNumberOrNull(g, "jicofoParticipants", a.counts().map(JicofoCounts::participants));
            writeNumberOrNull(g, "jicofoConferences", a.counts()
                    .flatMap(c -> c.conferences().isPresent() ? Optional.of(c.conferences().getAsLong()) : Optional.empty()));
            if (census.isPresent()) {
                Optional<CensusSummary> summary = census.get().latest().summary();
                writeNumberOrNull(g, "prosodyParticipants", summary.map(CensusSummary::participants));
                writeNumberOrNull(g, "prosodySumSquaredParticipants", summary.map(CensusSummary::sumSquaredParticipants));
            }
            g.writeEndObject();

            g.writeStringField("agentmessage", view.agentMessage());
            more.write(g);
        });
    }

    /** The {@code services} fields of one input, in the order the Node.js sidecar sent them. */
    private static void writeServices(JsonGenerator g, Input input, Observations o, Assessment a) throws IOException {
        switch (input) {
            case JICOFO_HEALTH -> {
                g.writeBooleanField("jicofoHealthy", a.jicofoHealthy());
                g.writeBooleanField("jicofoReachable", o.jicofoHealth().reachable());
                g.writeBooleanField("jicofoSoftDown", a.jicofoSoftDown());
                g.writeNumberField("jicofoStatusCode", o.jicofoHealth().statusCode());
                g.writeStringField("jicofoStatusContents", o.jicofoHealthBody());
            }
            case JICOFO_STATS -> {
                g.writeBooleanField("jicofoStatsReachable", o.jicofoStats().reachable());
                g.writeNumberField("jicofoStatsStatusCode", o.jicofoStats().statusCode());
                g.writeNumberField("jicofoStatusStatusCode", o.jicofoStats().statusCode());
            }
            case PROSODY -> {
                g.writeBooleanField("prosodyHealthy", a.prosodyHealthy());
                g.writeBooleanField("prosodyReachable", o.prosodyHealth().reachable());
                g.writeBooleanField("prosodySoftDown", a.prosodySoftDown());
                g.writeNumberField("prosodyStatusCode", o.prosodyHealth().statusCode());
            }
            case STATUS_FILE -> writeStatusFile(g, o.statusFile());
            case CENSUS -> {
                // its numbers are in "stats", and only with census polling on
            }
        }
    }

    private static void writeStatusFile(JsonGenerator g, StatusFileReading file) throws IOException {
        g.writeBooleanField("statusFileFound", file.found());
        g.writeStringField("statusFileContents", file.contents());
    }

    private static void writeNumberOrNull(JsonGenerator g, String name, Optional<Long> value) throws IOException {
        if (value.isPresent()) {
            g.writeNumberField(name, value.get());
        } else {
            g.writeNullField(name);
        }
    }
}
