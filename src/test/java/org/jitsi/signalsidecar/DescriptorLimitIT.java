package org.jitsi.signalsidecar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.Http;
import org.jitsi.signalsidecar.testing.RawHttp;
import org.jitsi.signalsidecar.testing.SidecarProcess;
import org.jitsi.signalsidecar.testing.StubPeer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar under a low limit on open files ({@code prlimit}), flooded with idle
 * connections: the connection caps keep it from running out of descriptors, so both listeners live
 * on and normal requests are answered; and when descriptors do run out under it (the limit lowered
 * while it runs), the HTTP listener Helidon gives up on is started again.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DescriptorLimitIT {
    @TempDir
    Path dir;
    private final StubPeer jicofo = StubPeer.jicofo();
    private final StubPeer prosody = StubPeer.prosody();
    private final List<SocketChannel> flood = new ArrayList<>();
    private SidecarProcess sidecar;

    @AfterEach
    void stop() {
        closeFlood();
        if (sidecar != null) {
            sidecar.close();
        }
        jicofo.close();
        prosody.close();
    }

    /** {@code count} connections to the port that never send a byte (non-blocking: the flood never waits). */
    private void flood(int port, int count) {
        try {
            for (int i = 0; i < count; i++) {
                SocketChannel channel = SocketChannel.open();
                channel.configureBlocking(false);
                channel.connect(new InetSocketAddress("127.0.0.1", port));
                flood.add(channel);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void closeFlood() {
        for (SocketChannel channel : flood) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        flood.clear();
    }

    private int openDescriptors() {
        try (var fds = Files.list(Path.of("/proc/" + sidecar.pid() + "/fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            return -1; // exited
        }
    }

    private int healthStatus() {
        try {
            return RawHttp.exchange(sidecar.httpPort(), "GET /signal/health HTTP/1.0\r\n\r\n", false).status();
        } catch (RuntimeException | AssertionError e) {
            return -1;
        }
    }

    @Test
    void underALowLimitAFloodOfIdleConnectionsNeitherExhaustsDescriptorsNorLocksClientsOut() {
        sidecar = SidecarProcess.start(dir, List.of("prlimit", "--nofile=512:512"), jicofo, prosody,
                Map.of("HTTP_IDLE_TIMEOUT", "0.5"));
        Await.until(sidecar::agent, "up ready 100%\n"::equals, "a healthy node");

        flood(sidecar.httpPort(), 700);
        flood(sidecar.agentPort(), 300);

        // the caps fitted to 512 descriptors: 192 HTTP connections, 64 lingering agent connections
        Await.until(this::openDescriptors, n -> n > 192, "the sidecar to take in the flood");
        assertThat(sidecar.agent()).isEqualTo("up ready 100%\n");
        // while the flood holds its connections, the idle timeout lets each client in turn in
        assertThat(Await.until(this::healthStatus, status -> status == 200, Duration.ofSeconds(30),
                "a normal request answered during the flood")).isEqualTo(200);
        assertThat(openDescriptors()).isLessThan(512);

        closeFlood();
        assertThat(Http.get(sidecar.httpPort(), "/signal/report").statusCode()).isEqualTo(200);
        assertThat(Http.get(sidecar.httpPort(), "/metrics").statusCode()).isEqualTo(200);
        // the caps held: the listener never died, and its check never took a live listener for a dead one
        assertThat(sidecar.stderr()).doesNotContain("Too many open files").doesNotContain("terminating")
                .doesNotContain("starting it again");
    }

    @Test
    void anHttpListenerThatDiesOfAFailedAcceptListensAgain() throws Exception {
        // out of descriptors, the polls fail too and the node reads unhealthy: no dampening of that here
        sidecar = SidecarProcess.start(dir, List.of(), jicofo, prosody,
                Map.of("HEALTH_DAMPENING_INTERVAL", "0", "DRAIN_GRACE_INTERVAL", "0"));
        Await.until(sidecar::agent, "up ready 100%\n"::equals, "a healthy node");
        // the caps were fitted to the limit at start; lowered now, clients can run the process out
        Process lower = new ProcessBuilder("prlimit", "--pid", String.valueOf(sidecar.pid()), "--nofile=150:150")
                .inheritIO().start();
        assertThat(lower.waitFor()).isZero();

        flood(sidecar.httpPort(), 300);
        Await.until(sidecar::stderr, err -> err.contains("; starting it again"),
                Duration.ofSeconds(30), "the dead listener to be noticed");
        closeFlood();

        try {
            Await.until(this::healthStatus, status -> status == 200, Duration.ofSeconds(30),
                    "the HTTP listener to answer again");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the sidecar logged:\n" + sidecar.stderr(), e);
        }
        assertThat(Http.get(sidecar.httpPort(), "/signal/report").statusCode()).isEqualTo(200);
        assertThat(Http.get(sidecar.httpPort(), "/metrics").statusCode()).isEqualTo(200);
        assertThat(sidecar.stderr()).contains("is listening again");
        assertThat(sidecar.agent()).isEqualTo("up ready 100%\n");
    }
}
