package org.jitsi.signalsidecar.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Requests from tests: HTTP to a sidecar on 127.0.0.1 (or any request {@link #send(HttpRequest.Builder)}
 * is given) and the HAProxy agent. One client for all, and one timeout (10 s) for connecting, for a
 * whole HTTP exchange and for each agent read.
 */
public final class Http {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private Http() {
    }

    public static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public static HttpResponse<String> get(int port, String path) {
        return send(HttpRequest.newBuilder(uri(port, path)).GET());
    }

    public static HttpResponse<String> get(int port, String path, String accept) {
        return send(HttpRequest.newBuilder(uri(port, path)).header("Accept", accept).GET());
    }

    public static HttpResponse<String> send(int port, String method, String path) {
        return send(HttpRequest.newBuilder(uri(port, path)).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    /** Sends any request, e.g. one with a body or to {@link #uri} of another server; the timeout is set here. */
    public static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Connects to the agent port and reads everything until the sidecar closes. */
    public static String agent(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
