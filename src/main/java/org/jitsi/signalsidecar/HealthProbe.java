package org.jitsi.signalsidecar;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import org.jitsi.signalsidecar.config.ListenAddress;

import static java.util.Objects.requireNonNull;

/**
 * The {@code --healthcheck} mode: asks the running sidecar (at the address its runtime file names,
 * else the one of the same configuration) for {@code /health} and turns the answer into an exit
 * status, so a script needs no curl. 0 when it answers 200 within the timeout; otherwise 1, with
 * one line on standard error saying what happened. It starts a JVM: the container's
 * {@code HEALTHCHECK} is a shell script instead (src/main/sh/container-health).
 */
final class HealthProbe {
    /** How long the probe waits to connect, and then for the answer. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Duration timeout;
    private final PrintStream err;

    HealthProbe(Duration timeout, PrintStream err) {
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.err = requireNonNull(err, "err is null");
    }

    /** @return 0 when {@code /health} of the sidecar listening on {@code http} answers 200, else 1 */
    int probe(ListenAddress http) {
        URI uri = healthUri(http);
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 200) {
                return 0;
            }
            err.println("signal-sidecar: unhealthy: " + uri + " answered " + status);
        } catch (HttpTimeoutException e) {
            err.println("signal-sidecar: unhealthy: no answer from " + uri + " within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            err.println("signal-sidecar: unhealthy: cannot connect to " + uri);
        } catch (IOException e) {
            err.println("signal-sidecar: unhealthy: " + uri + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("signal-sidecar: unhealthy: interrupted while asking " + uri);
        } finally {
            client.shutdownNow();
        }
        return 1;
    }

    /**
     * The sidecar's {@code /health}: at its own listen address, or at 127.0.0.1 when it listens on
     * all interfaces ({@code 0.0.0.0} or {@code ::}).
     */
    static URI healthUri(ListenAddress http) {
        String host = http.host();
        try {
            if (InetAddress.getByName(host).isAnyLocalAddress()) {
                host = "127.0.0.1";
            }
        } catch (UnknownHostException e) {
            // keep the name: the request then fails and says so
        }
        try {
            return new URI("http", null, host, http.port(), "/health", null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot build a URI for " + host + ":" + http.port(), e);
        }
    }
}
