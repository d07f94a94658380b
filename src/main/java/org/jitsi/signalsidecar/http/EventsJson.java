package org.jitsi.signalsidecar.http;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.List;

import org.jitsi.signalsidecar.lifecycle.Text;
import org.jitsi.signalsidecar.report.JsonBytes;
import org.jitsi.signalsidecar.report.NodeEvent;
import org.jitsi.signalsidecar.report.ReportTime;

/**
 * {@code {"events":[…]}}: each event with the report's names for the node's state
 * ({@code time}, {@code healthy}, {@code healthdamped}, {@code status}, {@code weight},
 * {@code agentmessage}) and its {@code reason}.
 */
final class EventsJson {
    private EventsJson() {
    }

    static byte[] write(List<NodeEvent> events) {
        return JsonBytes.object(64 + 256 * events.size(), g -> {
            g.writeArrayFieldStart("events");
            for (NodeEvent event : events) {
                write(g, event);
            }
            g.writeEndArray();
        });
    }

    static void write(JsonGenerator g, NodeEvent event) throws IOException {
        g.writeStartObject();
        g.writeStringField("time", ReportTime.format(event.time()));
        g.writeBooleanField("healthy", event.view().healthy());
        g.writeBooleanField("healthdamped", event.view().damped());
        g.writeStringField("status", event.view().status().word());
        g.writeStringField("weight", event.view().weightPercent() + "%");
        g.writeStringField("agentmessage", event.view().agentMessage());
        g.writeStringField("reason", Text.printable(event.reason()));
        g.writeEndObject();
    }
}
