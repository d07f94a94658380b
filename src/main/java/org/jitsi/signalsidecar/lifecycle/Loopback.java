package org.jitsi.signalsidecar.lifecycle;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** How this host reaches one of its own listeners. */
public final class Loopback {
    private static final String IPV4 = "127.0.0.1";

    private Loopback() {
    }

    /**
     * The host to connect to for a listener bound to {@code host}: {@code 127.0.0.1} when it listens on
     * every interface ({@code 0.0.0.0}, or {@code ::}, whose socket takes IPv4 too), else {@code host}
     * itself. A name that does not resolve is kept, so that the connection fails and says so.
     */
    public static String reaching(String host) {
        try {
            return InetAddress.getByName(host).isAnyLocalAddress() ? IPV4 : host;
        } catch (UnknownHostException e) {
            return host;
        }
    }
}
