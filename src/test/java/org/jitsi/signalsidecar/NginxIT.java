package org.jitsi.signalsidecar;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.FreePort;
import org.jitsi.signalsidecar.testing.Http;
import org.jitsi.signalsidecar.testing.Nginx;
import org.jitsi.signalsidecar.testing.RealPeer;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sidecar behind a real nginx configured as Jitsi's site template does: {@code /about/health}
 * proxied to {@code /signal/health} with the client's Host, and no {@code proxy_http_version}, so
 * nginx speaks HTTP/1.0 to the sidecar.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class NginxIT {
    @TempDir
    static Path dir;
    private static SidecarHarness node;
    private static Nginx nginx;

    @BeforeAll
    static void start() {
        Path executable = RealPeer.executable("nginx");
        node = new SidecarHarness(dir);
        node.start(node.config());
        nginx = Nginx.start(executable, dir, FreePort.pick(), """
                        location = /about/health {
                            proxy_pass http://127.0.0.1:%d/signal/health;
                            proxy_set_header Host $http_host;
                        }
                """.formatted(node.sidecar().httpPort()));
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private static HttpResponse<String> aboutHealth() {
        return Http.get(nginx.port(), "/about/health");
    }

    @Test
    void aboutHealthThroughNginxSaysOkWhenHealthyAndNotOkWhenNot() {
        HttpResponse<String> healthy = Await.until(NginxIT::aboutHealth, r -> r.statusCode() == 200,
                Duration.ofSeconds(10), "200 from nginx; nginx log:\n" + nginx.log());
        assertThat(healthy.body()).isEqualTo("OK");

        node.jicofo.refuse();
        try {
            HttpResponse<String> unhealthy = Await.until(NginxIT::aboutHealth, r -> r.statusCode() != 200,
                    Duration.ofSeconds(10), "an unhealthy answer from nginx");
            assertThat(unhealthy.statusCode()).isEqualTo(503);
            assertThat(unhealthy.body()).isEqualTo("NOT_OK");
        } finally {
            node.jicofo.resume();
        }

        HttpResponse<String> again = Await.until(NginxIT::aboutHealth, r -> r.statusCode() == 200,
                Duration.ofSeconds(10), "200 from nginx again");
        assertThat(again.body()).isEqualTo("OK");
    }

    /** The premise of this test: nginx sends HTTP/1.0 upstream, as it would to the sidecar. */
    @Test
    void nginxSpeaksHttp10UpstreamWithThisConfig() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Nginx probe = Nginx.start(RealPeer.executable("nginx"), Files.createDirectories(dir.resolve("probe")),
                     FreePort.pick(), """
                                     location = /about/health {
                                         proxy_pass http://127.0.0.1:%d/signal/health;
                                         proxy_set_header Host $http_host;
                                     }
                             """.formatted(upstream.getLocalPort()))) {
            CompletableFuture<String> requestLine = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = upstream.accept()) {
                    socket.setSoTimeout(10_000);
                    String line = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                            StandardCharsets.US_ASCII)).readLine();
                    socket.getOutputStream().write("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nOK"
                            .getBytes(StandardCharsets.US_ASCII));
                    return line;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertThat(Http.get(probe.port(), "/about/health").body()).isEqualTo("OK");
            assertThat(requestLine.get(10, TimeUnit.SECONDS)).isEqualTo("GET /signal/health HTTP/1.0");
        }
    }
}
