package org.jitsi.signalsidecar.config;

import static java.util.Objects.requireNonNull;

/** Where a listener binds: a host name or IP literal ({@code 0.0.0.0} = all interfaces) and a port (0 = any free port). */
public record ListenAddress(String host, int port) {
    public ListenAddress {
        requireNonNull(host, "host is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
