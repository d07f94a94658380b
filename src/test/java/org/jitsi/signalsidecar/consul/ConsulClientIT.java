package org.jitsi.signalsidecar.consul;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.jitsi.signalsidecar.config.ConsulSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the watch and the health check say when Consul's address answers with nothing. */
class ConsulClientIT {
    @Test
    void aServerThatClosesWithoutAnsweringIsSaidToHaveDoneSo() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread closer = Thread.ofVirtual().start(() -> closeEachConnection(server));
            ConsulSettings settings = new ConsulSettings(URI.create("http://127.0.0.1:" + server.getLocalPort()),
                    Optional.empty(), true, "shard-state", false, "shard-report", Duration.ofSeconds(60), false,
                    Duration.ofSeconds(2));
            try (ConsulClient client = new ConsulClient(settings, Duration.ofSeconds(5))) {
                ConsulClient.Read read = client.read("shard-state", 0, Duration.ofSeconds(2));
                assertThat(read).isEqualTo(new ConsulClient.Read.Failed("Consul closed the connection without an answer"));
            } finally {
                server.close();
                closer.interrupt();
            }
        }
    }

    private static void closeEachConnection(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.getInputStream().readNBytes(1); // the request has begun: close without a word
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
