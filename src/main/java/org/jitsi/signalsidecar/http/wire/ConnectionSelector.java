package org.jitsi.signalsidecar.http.wire;

import java.util.Set;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

/**
 * The only connection selector of the HTTP listener (the listener discovers no protocols): every
 * connection is a {@link GuardedConnection} around Helidon's HTTP/1.1 connection. This is Helidon's
 * connection SPI used as intended, a selector deciding who handles a new connection; Helidon's own
 * HTTP/1.1 selector is not registered, because it would take only request lines ending in
 * {@code HTTP/1.1} and leave HTTP/1.0 clients without an answer.
 */
final class ConnectionSelector implements ServerConnectionSelector {
    private final Http1Config config;
    private final Http1ConnectionSelector http1;
    private final ReadBounds bounds;
    private final ReadWatch watch;

    ConnectionSelector(ReadBounds bounds, ReadWatch watch) {
        this.bounds = bounds;
        this.watch = watch;
        this.config = Http1Config.builder()
                // HTTP/1.0 requests need not name a Host (HAProxy's httpchk sends none); the Node.js
                // sidecar never asked for one either
                .validateRequestHostHeader(false)
                .addReceiveListener(GuardedConnection.receiveListener())
                .addSendListener(GuardedConnection.sendListener())
                .build();
        this.http1 = Http1ConnectionSelector.builder().config(config).build();
    }

    @Override
    public int bytesToIdentifyConnection() {
        return 0;
    }

    /** Every connection: Helidon's parser answers what is not HTTP/1.x with 400. */
    @Override
    public Support supports(BufferData data) {
        return Support.SUPPORTED;
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return Set.of("http/1.1");
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        return new GuardedConnection(ctx, http1, config.maxPrologueLength(), config.maxHeadersSize(), bounds, watch);
    }
}
