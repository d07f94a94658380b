package org.jitsi.signalsidecar;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * /signal/health}, which sends HTTP/1.0 without a Host header, with {@code HEAD} likewise, and with an
 * HTTP/1.1 check naming a Host: in each backend the server is UP while the node is healthy and DOWN
 * while it is not. HAProxy's view is read from its admin socket.
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
        int port = node.sidecar().httpPort();
        haproxy = Haproxy.start(executable, dir, """
                backend get
                    option httpchk GET /signal/health
                    server shard 127.0.0.1:%1$d check inter 200ms fall 1 rise 1
                backend head
                    option httpchk HEAD /signal/health
                    server shard 127.0.0.1:%1$d check inter 200ms fall 1 rise 1
                backend http11
                    option httpchk
                    http-check send meth GET uri /signal/health ver HTTP/1.1 hdr Host shard.example.com
                    server shard 127.0.0.1:%1$d check inter 200ms fall 1 rise 1
                """.formatted(port));
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

    private static final List<String> BACKENDS = List.of("get", "head", "http11");

    /** The status of the server in each backend. */
    private static List<String> statuses() {
        return BACKENDS.stream().map(backend -> haproxy.servers(backend).get("shard").status()).toList();
    }

    @Test
    void httpCheckMarksTheServerUpWhenHealthyAndDownWhenNot() {
        Await.until(HaproxyHttpCheckIT::statuses, s -> s.equals(List.of("UP", "UP", "UP")),
                HAPROXY_DEADLINE, "all UP; HAProxy log:\n" + haproxy.log());
        for (String backend : BACKENDS) {
            assertThat(haproxy.servers(backend).get("shard").opState()).as(backend).isEqualTo(2);
        }

        node.jicofo.refuse();
        try {
            Await.until(HaproxyHttpCheckIT::statuses, s -> s.equals(List.of("DOWN", "DOWN", "DOWN")),
                    HAPROXY_DEADLINE, "all DOWN");
            for (String backend : BACKENDS) {
                assertThat(haproxy.servers(backend).get("shard").opState()).as(backend).isZero();
            }
            assertThat(haproxy.log()).contains("Layer7 wrong status, code: 503");
        } finally {
            node.jicofo.resume();
        }

        Await.until(HaproxyHttpCheckIT::statuses, s -> s.equals(List.of("UP", "UP", "UP")), HAPROXY_DEADLINE,
                "all UP again");
        assertThat(haproxy.log()).doesNotContain("code: 505").doesNotContain("code: 400");
    }
}
