package org.jitsi.signalsidecar.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jitsi.signalsidecar.consul.KvEntry;
import org.jitsi.signalsidecar.report.ReportTime;

/** Published reports and desired states as a test environment holds them, shaped as the sidecar writes them. */
public final class FleetShards {
    public static final String REPORTS = "signal-report/prod/";
    public static final String STATES = "shard-states/prod/";

    private FleetShards() {
    }

    /** A report value: {@code status} in the status file and the report, participants and conferences, census rooms. */
    public static String report(Instant time, boolean healthy, String status, int weight, int participants, int conferences,
                         int rooms) {
        return report(time, healthy, status, status, weight, participants, conferences, rooms);
    }

    /** A report whose status file says {@code statusFile} (an unhealthy node reports drain whatever it says). */
    public static String report(Instant time, boolean healthy, String status, String statusFile, int weight, int participants,
                         int conferences, int rooms) {
        StringBuilder census = new StringBuilder("[");
        for (int i = 0; i < rooms; i++) {
            census.append(i == 0 ? "" : ",").append("{\"room_name\":\"room").append(i).append("@conference\",\"participants\":2}");
        }
        return "{\"time\":\"" + ReportTime.format(time) + "\",\"healthy\":" + healthy + ",\"healthdamped\":false,"
                + "\"status\":\"" + status + "\",\"weight\":\"" + weight + "%\","
                + "\"services\":{\"jicofoHealthy\":" + healthy + ",\"jicofoReachable\":true},"
                + "\"statuses\":{\"statusFileFound\":true,\"statusFileContents\":\"" + statusFile + "\"},"
                + "\"stats\":{\"jicofoParticipants\":" + participants + ",\"jicofoConferences\":" + conferences + "},"
                + "\"agentmessage\":\"up " + status + " " + weight + "%\",\"census\":" + census + "]}";
    }

    /**
     * Fifty shards {@code shard-01}..{@code shard-50}, at {@code now} with a 10 s interval: 40 fresh, healthy and
     * ready (12 participants, 3 conferences, 2 rooms each); 41-42 stale (last report 5 min ago); 43-44 unhealthy;
     * 45-46 draining as desired; 47 desired drain but still reading ready; 48 a value that is not JSON; 49 another
     * program's JSON; 50 only a desired state (maint), no report.
     */
    public static Env fifty(Instant now) {
        List<KvEntry> reports = new ArrayList<>();
        List<KvEntry> states = new ArrayList<>();
        long index = 9_000_000_000L;
        for (int i = 1; i <= 50; i++) {
            String shard = String.format("shard-%02d", i);
            String value;
            String desired = "ready";
            if (i <= 40) {
                value = report(now.minusSeconds(4), true, "ready", 100, 12, 3, 2);
            } else if (i <= 42) {
                value = report(now.minusSeconds(300), true, "ready", 100, 12, 3, 2);
            } else if (i <= 44) {
                value = report(now.minusSeconds(4), false, "drain", "ready", 0, 0, 0, 0);
            } else if (i <= 46) {
                value = report(now.minusSeconds(4), true, "drain", 0, 5, 1, 1);
                desired = "drain";
            } else if (i == 47) {
                value = report(now.minusSeconds(4), true, "ready", 100, 12, 3, 2);
                desired = "drain";
            } else if (i == 48) {
                value = "hello\u001b[2J";
            } else if (i == 49) {
                value = "{\"owner\":\"someone else\"}";
            } else {
                value = null;
                desired = "maint";
            }
            if (value != null) {
                reports.add(new KvEntry(REPORTS + shard, index += 7, java.util.Optional.of(value)));
            }
            states.add(new KvEntry(STATES + shard, index += 11, java.util.Optional.of(desired)));
        }
        return new Env(reports, states);
    }

    public record Env(List<KvEntry> reports, List<KvEntry> states) {
    }
}
