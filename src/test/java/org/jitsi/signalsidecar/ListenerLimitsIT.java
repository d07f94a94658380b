package org.jitsi.signalsidecar;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jitsi.signalsidecar.config.ListenerLimits;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.RawHttp;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one client may cost the HTTP listener: a connection that sends nothing, half a request, a
 * request byte by byte or an idle keep-alive connection is closed within its bound (and not
 * before); a body larger than allowed is refused with 413 without being read; connections over the
 * cap wait until one ends.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ListenerLimitsIT {
    private static final Duration IDLE = Duration.ofMillis(600);
    private static final Duration REQUEST = Duration.ofMillis(1200);
    /** The watch looks a few times per bound; more only if this machine is very slow. */
    private static final Duration SLACK = Duration.ofSeconds(3);
    private static final int MAX_CONNECTIONS = 4;
    private static final String TOKEN = "a-token-of-at-least-16-chars";

    @TempDir
    static Path dir;
    private static SidecarHarness node;

    @BeforeAll
    static void start() {
        node = new SidecarHarness(dir);
        node.start(node.config().controlToken(TOKEN).limits(new ListenerLimits(IDLE, REQUEST, MAX_CONNECTIONS, 8, 64)));
        node.awaitReport(report -> report.get("healthy").asBoolean(), "a healthy node");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static int port() {
        return node.sidecar().httpPort();
    }

    /** How long the server took to close this connection, from now; fails if it took longer than {@code most}. */
    private static Duration closedAfter(RawHttp http, Duration most) {
        long start = System.nanoTime();
        assertThat(http.closedWithin(most)).as("closed within %s ms", most.toMillis()).isTrue();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() {
        try (RawHttp http = RawHttp.connect(port())) {
            assertThat(closedAfter(http, IDLE.plus(SLACK))).isGreaterThanOrEqualTo(IDLE.minusMillis(50));
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() {
        try (RawHttp http = RawHttp.connect(port())) {
            assertThat(http.send("GET /signal/health HTTP/1.1\r\nHost: x\r\n\r\n").read(false).status()).isEqualTo(200);
            assertThat(closedAfter(http, IDLE.plus(SLACK))).isGreaterThanOrEqualTo(IDLE.minusMillis(50));
        }
    }

    @Test
    void halfARequestLineIsGivenUpAfterTheRequestTimeout() {
        try (RawHttp http = RawHttp.connect(port())) {
            http.send("GET /signal/hea");
            assertThat(closedAfter(http, REQUEST.plus(SLACK))).isGreaterThanOrEqualTo(REQUEST.minusMillis(50));
        }
    }

    @Test
    void headersThatNeverEndAreGivenUpAfterTheRequestTimeout() {
        try (RawHttp http = RawHttp.connect(port())) {
            http.send("GET /signal/health HTTP/1.1\r\nHost: x\r\n");
            assertThat(closedAfter(http, REQUEST.plus(SLACK))).isGreaterThanOrEqualTo(REQUEST.minusMillis(50));
        }
    }

    @Test
    void aBodyThatNeverArrivesIsGivenUpAfterTheRequestTimeout() {
        String before = node.statusFileContents();
        try (RawHttp http = RawHttp.connect(port())) {
            http.send("PUT /signal/status HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Length: 5\r\n\r\ndr");
            closedAfter(http, REQUEST.plus(SLACK));
        }
        assertThat(node.statusFileContents()).isEqualTo(before);
    }

    /** A byte every 100 ms keeps no connection alive: the request timeout counts from the first byte. */
    @Test
    void aRequestSentByteByByteIsGivenUpAfterTheRequestTimeout() {
        byte[] request = "GET /signal/health HTTP/1.1\r\nHost: x\r\nX-Padding: ".concat("p".repeat(200))
                .getBytes(StandardCharsets.US_ASCII);
        try (RawHttp http = RawHttp.connect(port())) {
            long start = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < request.length && !closed; i++) {
                try {
                    http.send(new byte[] {request[i]});
                } catch (RuntimeException e) {
                    break; // the server has closed (a reset): it gave up
                }
                closed = http.closedWithin(Duration.ofMillis(100));
            }
            long took = System.nanoTime() - start;
            assertThat(closed || http.closedWithin(SLACK)).isTrue();
            assertThat(Duration.ofNanos(took)).isGreaterThanOrEqualTo(REQUEST.minusMillis(50))
                    .isLessThan(REQUEST.plus(SLACK));
        }
    }

    @Test
    void aBodyOverTheLimitIs413AndIsNotRead() throws Exception {
        long announced = 100L << 20;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port()));
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /signal/report HTTP/1.1\r\nHost: x\r\nContent-Length: " + announced + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            AtomicLong written = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    while (written.get() < announced) {
                        out.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException e) {
                    // the server closed: it will not read the rest
                }
            });
            String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(statusLine).isEqualTo("HTTP/1.1 413");
            writer.get(30, TimeUnit.SECONDS);
            // what was written fits socket buffers and the bounded discard, far from the 100 MiB announced
            assertThat(written.get()).isLessThan(16L << 20);
        }
    }

    @Test
    void aSmallBodyWithinTheLimitIsTaken() {
        try (RawHttp http = RawHttp.connect(port())) {
            RawHttp.Response answer = http.send("PUT /signal/status HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Length: 5\r\n\r\nready").read(false);
            assertThat(answer.status()).isEqualTo(200);
        }
    }

    @Test
    void connectionsOverTheCapWaitUntilOneEnds() {
        List<RawHttp> held = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                RawHttp http = RawHttp.connect(port());
                // a request in flight: the connection is accepted and open
                assertThat(http.send("GET /signal/health HTTP/1.1\r\nHost: x\r\n\r\n").read(false).status()).isEqualTo(200);
                held.add(http);
            }
            try (RawHttp waiting = RawHttp.connect(port())) {
                waiting.send("GET /signal/health HTTP/1.1\r\nHost: x\r\n\r\n");
                // not answered while every permit is held (the idle timeout frees them soon)
                assertThat(waiting.closedWithin(Duration.ofMillis(200))).isFalse();
                held.removeFirst().close();
                assertThat(waiting.read(false).status()).isEqualTo(200);
            }
        } finally {
            held.forEach(RawHttp::close);
        }
        Await.until(() -> RawHttp.exchange(port(), "GET /signal/health HTTP/1.0\r\n\r\n", false).status(),
                status -> status == 200, "a normal request answered again");
    }
}
