package org.jitsi.signalsidecar.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.jitsi.signalsidecar.config.ListenAddress;
import org.jitsi.signalsidecar.lifecycle.Loopback;

import static java.util.Objects.requireNonNull;

/** The operator commands' HTTP calls to the local sidecar, with the JDK's client and a timeout. */
final class SidecarClient implements AutoCloseable {
    /** The sidecar could not be asked: not running, wrong port, or no answer in time. */
    static final class Unreachable extends Exception {
        Unreachable(String message) {
            super(message);
        }
    }

    /** One answer. */
    record Answer(int status, String body) {
    }

    private final URI base;
    private final Duration timeout;
    private final HttpClient client;

    SidecarClient(ListenAddress http, Duration timeout) {
        this.base = base(http);
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** The sidecar's origin: its listen address, or 127.0.0.1 when it listens on every interface. */
    static URI base(ListenAddress http) {
        String host = Loopback.reaching(http.host());
        try {
            return new URI("http", null, host, http.port(), "/", null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot build a URI for " + host + ":" + http.port(), e);
        }
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    Answer get(String path) throws Unreachable {
        return send(HttpRequest.newBuilder(uri(path)).GET(), path);
    }

    Answer put(String path, String body, Optional<String> bearer) throws Unreachable {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.US_ASCII))
                .header("Content-Type", "text/plain");
        bearer.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        return send(request, path);
    }

    private Answer send(HttpRequest.Builder request, String path) throws Unreachable {
        try {
            HttpResponse<String> response = client.send(request.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new Unreachable("no sidecar answers at " + uri(path) + " (is it running? " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while asking " + uri(path));
        }
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
