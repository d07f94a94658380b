package org.jitsi.signalsidecar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A port on 127.0.0.1 that was free a moment ago, for child processes that must be told their port. */
public final class FreePort {
    private FreePort() {
    }

    /**
     * A port on 127.0.0.1 that refuses connections for as long as the returned socket stays open:
     * it is bound but never listens, so no other test can take the port meanwhile.
     */
    public static Socket refusing() {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
