package org.jitsi.signalsidecar.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import org.jitsi.signalsidecar.report.AgentExtensions;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.Haproxy;
import org.jitsi.signalsidecar.testing.LocalSidecar;
import org.jitsi.signalsidecar.testing.RealPeer;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.jitsi.signalsidecar.testing.StubPeer;
import org.jitsi.signalsidecar.testing.TestConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against a real HAProxy: a backend whose servers are checked by the agent alone, as on
 * Jitsi's load balancers ({@code no-check agent-check agent-port … weight 256}), at agent-inter
 * 500ms. Two sidecars poll the same stub jicofo and prosody and the same status file: {@code plain}
 * sends the default line, {@code extended} adds {@code maxconn:300} and {@code # reason}. After each
 * change the test reads HAProxy's own view from its admin socket and expects what an operator
 * expects. Agent states are sticky in HAProxy, so every test starts by driving both back to ready.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HaproxyAgentIT {
    private static final int PARTICIPANT_MAX = 100;
    /** Long enough for HAProxy (a check every 500 ms) to see each window, short enough for a quick test. */
    private static final Duration DAMPENING = Duration.ofSeconds(2);
    private static final Duration GRACE = Duration.ofSeconds(3);
    /** HAProxy applies a change within ~0.3–1.5 s of the sidecar's; allow for a busy machine. */
    private static final Duration HAPROXY_DEADLINE = Duration.ofSeconds(10);
    private static final int MAXCONN = 300;

    /**
     * What HAProxy shows for a server after an agent reply whose health word was {@code health}
     * (HAProxy's agent status is {@code L7OK} after {@code up}, {@code L7STS} after {@code down}).
     */
    private record Expected(String health, int opState, int adminState, int weight, String status) {
        static Expected up(int weight) {
            return new Expected("up", 2, 0, weight, "no check");
        }

        static final Expected DRAINED = new Expected("up", 2, 0x08, 0, "DRAIN (agent)");
        static final Expected MAINTENANCE = new Expected("up", 0, 0x01, 0, "MAINT");
        static final Expected DOWN = new Expected("down", 0, 0, 0, "DOWN (agent)");

        boolean matches(Haproxy.Server server, String lastAgent) {
            return server.opState() == opState && server.adminState() == adminState && server.weight() == weight
                    && server.status().equals(status) && server.agent().equals(health.equals("up") ? "L7OK" : "L7STS")
                    && server.lastAgent().equals(lastAgent);
        }
    }

    @TempDir
    static Path dir;
    /** The stubs, the status file and the plain sidecar. */
    private static SidecarHarness node;
    private static LocalSidecar extended;
    private static Haproxy haproxy;

    @BeforeAll
    static void start() {
        Path executable = RealPeer.executable("haproxy");
        node = new SidecarHarness(dir);
        participants(0);
        node.start(config());
        extended = LocalSidecar.start(config().agentExtensions(new AgentExtensions(OptionalInt.of(MAXCONN), true)));
        haproxy = Haproxy.start(executable, dir,
                "backend signal\n" + server("plain", node.sidecar()) + server("extended", extended));
    }

    /** Both sidecars poll the stubs and weight by participants, with dampening and grace. */
    private static TestConfig config() {
        return node.config().participantMax(PARTICIPANT_MAX).weightParticipants(true).flapMitigation(DAMPENING, GRACE);
    }

    /** Jitsi's server line; the address is the sidecar's HTTP port, never contacted as checks are off. */
    private static String server(String name, LocalSidecar sidecar) {
        return "    server " + name + " 127.0.0.1:" + sidecar.httpPort()
                + " no-check agent-check agent-port " + sidecar.agentPort() + " agent-inter 500ms weight 256\n";
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable running : new AutoCloseable[] {haproxy, extended, node}) {
            try {
                if (running != null) {
                    running.close();
                }
            } catch (Exception e) {
                System.err.println("closing " + running + " failed: " + e);
            }
        }
    }

    @BeforeEach
    void backToReady() {
        node.status("ready");
        participants(0);
        node.jicofo.reply("/about/health", 200, "text/plain; charset=UTF-8", "OK");
        node.jicofo.resume();
        expect(Expected.up(256));
    }

    @Test
    void statusFileDrivesDrainMaintenanceAndReady() {
        node.status("drain");
        expect(Expected.DRAINED);
        node.status("maint");
        expect(Expected.MAINTENANCE);
        node.status("ready");
        expect(Expected.up(256));
    }

    @Test
    void jicofoRefusingTakesTheServerDownUntilItRecoversAndTheDampeningEnds() {
        node.jicofo.refuse();
        expect(Expected.DOWN, "jicofo health refused the connection");
        node.jicofo.resume();
        expect(Expected.DOWN, "recovered; held down by health dampening");
        expect(Expected.up(256));
    }

    @Test
    void softDownJicofoDrainsDuringTheGraceThenGoesDown() {
        node.jicofo.reply("/about/health", 503, "text/plain; charset=UTF-8", "jicofo is shutting down");
        expect(Expected.DRAINED, "drain grace: jicofo health answered 503");
        expect(Expected.DOWN, "jicofo health answered 503");
        node.jicofo.reply("/about/health", 200, "text/plain; charset=UTF-8", "OK");
        expect(Expected.up(256));
    }

    @Test
    void weightFollowsFreeCapacityWhenWeightingByParticipants() {
        expect(Expected.up(256)); // 0 of 100: 100%
        participants(PARTICIPANT_MAX / 2);
        expect(Expected.up(128)); // 50 of 100: 50%, 256 × 50 / 100
        participants(PARTICIPANT_MAX);
        expect(Expected.up(2)); // 100 of 100: 1%, floor(256 × 1 / 100)
    }

    private static void expect(Expected expected) {
        expect(expected, "");
    }

    /**
     * Waits until HAProxy shows both servers as {@code expected}: the plain one with no connection
     * limit and a bare {@code last_agt} ({@code via agent : down}), the extended one with maxconn
     * {@value #MAXCONN} and, when {@code reason} is not empty, the reason in {@code last_agt}
     * ({@code via agent : down (reason)}).
     */
    private static void expect(Expected expected, String reason) {
        String bare = "via agent : " + expected.health();
        String described = reason.isEmpty() ? bare : bare + " (" + reason + ")";
        try {
            Await.until(() -> haproxy.servers("signal"), servers -> {
                Haproxy.Server p = servers.get("plain");
                Haproxy.Server e = servers.get("extended");
                return p != null && e != null
                        && expected.matches(p, bare) && p.maxconn().isEmpty()
                        && expected.matches(e, described) && e.maxconn().equals(String.valueOf(MAXCONN));
            }, HAPROXY_DEADLINE, "HAProxy to show " + expected + (reason.isEmpty() ? "" : " because '" + reason + "'"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nHAProxy's log:\n" + haproxy.log(), e);
        }
    }

    private static void participants(long participants) {
        node.jicofo.reply("/stats", 200, "application/json", StubPeer.jicofoStats(participants, 1));
    }
}
