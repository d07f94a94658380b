package org.jitsi.signalsidecar.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static java.util.Objects.requireNonNull;

/** Where a listener binds: a host name or IP literal ({@code 0.0.0.0} = all interfaces) and a port (0 = any free port). */
public record ListenAddress(String host, int port) {
    public ListenAddress {
        requireNonNull(host, "host is null");
    }

    /** The address {@code host} and {@code port} configure; the host must resolve now. */
    static ListenAddress from(ConfigSource source, Setting host, Setting port) {
        return new ListenAddress(host(source, host), port(source, port));
    }

    private static String host(ConfigSource source, Setting setting) {
        String value = source.text(setting);
        try {
            if (!value.isEmpty()) {
                InetAddress.getByName(value);
                return value;
            }
        } catch (UnknownHostException | SecurityException e) {
            // reported below
        }
        throw source.invalid(setting, "expected an IP address or resolvable host name to listen on");
    }

    private static int port(ConfigSource source, Setting setting) {
        try {
            int port = Integer.parseInt(source.text(setting));
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw source.invalid(setting, "expected a port 1-65535, or 0 for any free port");
    }
}
