package org.jitsi.signalsidecar.http.wire;

import io.helidon.webserver.ListenerConfig;
import org.jitsi.signalsidecar.config.ListenerLimits;

import static java.util.Objects.requireNonNull;

/**
 * How the HTTP listener takes connections: through {@link ConnectionSelector} only, so that every
 * connection is a {@link GuardedConnection} (HTTP/1.0 and HTTP/1.1, {@code Connection: close} ended
 * at once, bounded waits for clients), with at most {@link ListenerLimits#httpMaxConnections()}
 * connections open (Helidon takes a permit before it accepts: more wait in the kernel's listen
 * queue, holding no descriptor of ours) and bodies over {@link ListenerLimits#maxBodySize()}
 * refused with 413 before they are read. {@link #start()} starts the watch over slow clients, closing
 * it stops that watch.
 */
final class HttpListener implements AutoCloseable {
    /** As the agent's: room for a fleet's checks arriving at once ({@code net.core.somaxconn} caps it). */
    private static final int BACKLOG = 4096;

    private final ListenerLimits limits;
    private final ReadBounds bounds;
    private final ReadWatch watch;

    HttpListener(ListenerLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
        this.bounds = ReadBounds.of(limits);
        this.watch = new ReadWatch(bounds.checkPeriod());
    }

    /** Sets up the listener's connection handling; the address, port and routing are the caller's. */
    void configure(ListenerConfig.BuilderBase<?, ?> listener) {
        listener.protocolsDiscoverServices(false)
                .addConnectionSelector(new ConnectionSelector(bounds, watch))
                .directHandlers(DirectAnswers.handlers())
                .maxTcpConnections(limits.httpMaxConnections())
                .maxPayloadSize(limits.maxBodySize())
                .backlog(BACKLOG)
                .connectionOptions(options -> options.tcpNoDelay(true));
    }

    /** Starts the watch over slow clients: before the server that takes connections starts. */
    void start() {
        watch.start();
    }

    @Override
    public void close() {
        watch.close();
    }
}
