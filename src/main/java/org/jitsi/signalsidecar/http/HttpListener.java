package org.jitsi.signalsidecar.http;

import io.helidon.webserver.ListenerConfig;

/**
 * How the HTTP listener takes connections: through {@link ConnectionSelector} only, so that every
 * connection is a {@link GuardedConnection} (HTTP/1.0 and HTTP/1.1, {@code Connection: close} ended
 * at once).
 */
public final class HttpListener {
    private HttpListener() {
    }

    /** Sets up the listener's connection handling; the address, port and routing are the caller's. */
    public static void configure(ListenerConfig.BuilderBase<?, ?> listener) {
        listener.protocolsDiscoverServices(false)
                .addConnectionSelector(new ConnectionSelector())
                .connectionOptions(options -> options.tcpNoDelay(true));
    }
}
