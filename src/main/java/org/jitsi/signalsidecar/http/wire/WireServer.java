package org.jitsi.signalsidecar.http.wire;

import java.util.Set;
import java.util.function.Consumer;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import org.jitsi.signalsidecar.config.ListenerLimits;

import static java.util.Objects.requireNonNull;

/**
 * The sidecar's HTTP server with what makes Helidon speak HTTP/1.0 to nginx and HAProxy: every
 * connection guarded ({@code ConnectionSelector}, {@code GuardedConnection}), answers never
 * chunked ({@code WholeResponses}), the listener's limits, and the server started again should its
 * listener die ({@code SupervisedWebServer}). The one public type of this package, used by the
 * server's assembly only; routes know nothing of it. Why it exists and how to delete it:
 * {@code docs/decisions/http-wire.md}.
 */
public final class WireServer implements AutoCloseable {
    private final HttpListener listener;
    private final SupervisedWebServer server;

    /**
     * Builds the server for {@code host}:{@code port} (0: any free port); {@link #start()} starts it.
     *
     * @param streamedPaths the paths whose handlers write to Helidon's output stream (the health
     *                      observer's), whose answers are held until complete so they go out with a length
     * @param server        the features and other settings of the server (not its address or listener)
     * @param routes        the routes
     */
    public WireServer(ListenerLimits limits, String host, int port, Set<String> streamedPaths,
                      Consumer<WebServerConfig.Builder> server, Consumer<HttpRouting.Builder> routes) {
        requireNonNull(host, "host is null");
        requireNonNull(streamedPaths, "streamedPaths is null");
        requireNonNull(server, "server is null");
        requireNonNull(routes, "routes is null");
        this.listener = new HttpListener(limits);
        this.server = new SupervisedWebServer(onPort -> {
            WebServerConfig.Builder builder = WebServer.builder().host(host).port(onPort);
            listener.configure(builder);
            server.accept(builder);
            return builder
                    .routing(routing -> {
                        routing.addFilter(new WholeResponses(streamedPaths));
                        routes.accept(routing);
                    })
                    .build()
                    .start();
        }, host, port);
    }

    /**
     * Starts the watch over slow clients, then the server.
     *
     * @throws RuntimeException when the listener cannot start; nothing is left running then
     */
    public void start() {
        listener.start();
        try {
            server.start();
        } catch (RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    /** The port it listens on, the same after a restart. */
    public int port() {
        return server.port();
    }

    /** Stops the server, then the watch over slow clients. */
    @Override
    public void close() {
        server.close();
        listener.close();
    }
}
