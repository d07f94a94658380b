package org.jitsi.signalsidecar.poll;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.jitsi.signalsidecar.testing.Await;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A peer that closes its end after each answer (an HTTP/1.0 server, or one sending
 * {@code Connection: close}) must neither fail the next request nor leave the sidecar's ends open:
 * each would hold a file descriptor in CLOSE_WAIT until a garbage collection.
 */
class PeerConnectionsIT {
    private static final byte[] ANSWER = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nOK"
            .getBytes(StandardCharsets.US_ASCII);

    /** Answers every connection once, then closes it, as an HTTP/1.0 server does. */
    private static Thread closingPeer(ServerSocket server) {
        return Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    byte[] buffer = new byte[4096];
                    String request = "";
                    while (!request.contains("\r\n\r\n")) {
                        int n = in.read(buffer);
                        if (n < 0) {
                            break;
                        }
                        request += new String(buffer, 0, n, StandardCharsets.US_ASCII);
                    }
                    OutputStream out = socket.getOutputStream();
                    out.write(ANSWER);
                    out.flush();
                } catch (IOException e) {
                    // the listener closed, or the client went away
                }
            }
        });
    }

    /** This process's TCP sockets in CLOSE_WAIT whose remote end is {@code port} on 127.0.0.1. */
    private static long closeWaitTo(int port) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            });
            String remote = String.format(":%04X", port);
            List<String> rows = Files.readAllLines(Path.of("/proc/net/tcp"));
            return rows.stream().skip(1).map(row -> row.trim().split("\\s+"))
                    .filter(f -> f[2].endsWith(remote) && f[3].equals("08") && inodes.contains(f[9]))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aPeerThatClosesAfterEachAnswerLeavesNoConnectionOpen() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closingPeer(server);
            PeerClient peers = new PeerClient(Duration.ofSeconds(5), Clock.systemUTC(), false);
            URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/about/health");
            try {
                for (int i = 0; i < 30; i++) {
                    // a closed connection kept for reuse also failed the next request
                    PeerClient.Result result = peers.get(uri, Optional.empty(), 100);
                    assertThat(result.response().statusCode()).as("request %d: %s", i, result.response().describe())
                            .isEqualTo(200);
                }
                Await.until(() -> closeWaitTo(server.getLocalPort()), n -> n == 0, Duration.ofSeconds(5),
                        "no connection to the peer left in CLOSE_WAIT");
            } finally {
                peers.close();
            }
        }
    }

    /**
     * No HTTP proxy is asked for: asking the JVM-wide proxy selector made Helidon look up the
     * peer's name from its address before every request, a reverse DNS query that can hang a poll,
     * and that took a carrier thread from the HTTP listener each time. (The JDK itself still asks
     * about a SOCKS proxy for the plain socket, with the address as it was given.)
     */
    @Test
    void pollingAsksForNoHttpProxyAndLooksUpNoName() throws IOException {
        List<URI> asked = new CopyOnWriteArrayList<>();
        ProxySelector before = ProxySelector.getDefault();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                asked.add(uri);
                return List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {
            }
        });
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closingPeer(server);
            PeerClient peers = new PeerClient(Duration.ofSeconds(5), Clock.systemUTC(), false);
            try {
                PeerClient.Result result = peers.get(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/about/health"),
                        Optional.empty(), 100);
                assertThat(result.response().statusCode()).isEqualTo(200);
            } finally {
                peers.close();
            }
        } finally {
            ProxySelector.setDefault(before);
        }
        assertThat(asked).isNotEmpty().allSatisfy(uri -> {
            assertThat(uri.getScheme()).isEqualTo("socket");
            assertThat(uri.getHost()).isEqualTo("127.0.0.1");
        });
    }
}
