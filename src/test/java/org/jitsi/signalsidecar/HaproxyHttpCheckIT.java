package org.jitsi.signalsidecar;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.Haproxy;
import org.jitsi.signalsidecar.testing.RealPeer;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real HAProxy checking the sidecar's HTTP port with a plain {@code option httpchk GET
 * /signal/health}, which sends HTTP/1.0 without a Host header: the server is UP while the node is
 * healthy and DOWN while it is not. HAProxy's view is read from its admin socket.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HaproxyHttpCheckIT {
    private static final Duration HAPROXY_DEADLINE = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    private static SidecarHarness node;
    private static Haproxy haproxy;

    @BeforeAll
    static void start() {
        Path executable = RealPeer.executable("haproxy");
        node = new SidecarHarness(dir);
        node.start(node.config());
        haproxy = Haproxy.start(executable, dir, """
                backend signal
                    option httpchk GET /signal/health
                    server shard 127.0.0.1:%d check inter 200ms fall 1 rise 1
                """.formatted(node.sidecar().httpPort()));
    }

    @AfterAll
    static void stop() {
        if (haproxy != null) {
            haproxy.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private static Haproxy.Server server() {
        return haproxy.servers("signal").get("shard");
    }

    @Test
    void httpCheckMarksTheServerUpWhenHealthyAndDownWhenNot() {
        Haproxy.Server up = Await.until(HaproxyHttpCheckIT::server, s -> s.status().equals("UP"),
                HAPROXY_DEADLINE, "shard UP; HAProxy log:\n" + haproxy.log());
        assertThat(up.opState()).isEqualTo(2);

        node.jicofo.refuse();
        try {
            Haproxy.Server down = Await.until(HaproxyHttpCheckIT::server, s -> s.status().equals("DOWN"),
                    HAPROXY_DEADLINE, "shard DOWN");
            assertThat(down.opState()).isZero();
            assertThat(haproxy.log()).contains("Layer7 wrong status, code: 503");
        } finally {
            node.jicofo.resume();
        }

        Await.until(HaproxyHttpCheckIT::server, s -> s.status().equals("UP"), HAPROXY_DEADLINE, "shard UP again");
        assertThat(haproxy.log()).doesNotContain("code: 505");
    }
}
