package org.jitsi.signalsidecar.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on 127.0.0.1 in front of a test server, so that a test can do to connections what
 * the network does: cut them when idle (a proxy, a load balancer, a NAT), cut them all at once, or
 * refuse new ones. Bytes pass through untouched, TLS included.
 */
final class TcpFront implements AutoCloseable {
    private final int backend;
    private final Set<Relay> relays = ConcurrentHashMap.newKeySet();
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile ServerSocket listener;
    private volatile int port;
    private volatile Duration idleCut;
    private volatile Thread reaper;

    TcpFront(int backend) {
        this.backend = backend;
        listen(0);
    }

    int port() {
        return port;
    }

    int cuts() {
        return cuts.get();
    }

    void cutIdleAfter(Duration idle) {
        idleCut = idle;
        if (idle != null && reaper == null) {
            reaper = Thread.ofVirtual().name("tcp-front-reaper").start(this::reap);
        }
    }

    void cutAll() {
        for (Relay relay : relays) {
            relay.cut();
        }
    }

    void refuse() {
        try {
            listener.close();
        } catch (IOException e) {
            // closed
        }
        for (Relay relay : relays) {
            relay.close();
        }
    }

    void resume() {
        if (listener.isClosed()) {
            listen(port);
        }
    }

    /** Binds {@code onPort} (0: any); a port just given up may take the kernel a moment to free, so retry for a while. */
    private void listen(int onPort) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try {
                ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(true);
                try {
                    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
                } catch (IOException e) {
                    socket.close();
                    throw e;
                }
                listener = socket;
                port = socket.getLocalPort();
                break;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot listen on 127.0.0.1:" + onPort, e);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(10).toNanos()); // between bind attempts
            }
        }
        ServerSocket accepting = listener;
        Thread.ofVirtual().name("tcp-front-accept").start(() -> accept(accepting));
    }

    private void accept(ServerSocket accepting) {
        while (!accepting.isClosed()) {
            try {
                Socket client = accepting.accept();
                if (accepting.isClosed()) {
                    client.close(); // refused meanwhile
                    continue;
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), backend);
                Relay relay = new Relay(client, server);
                relays.add(relay);
                relay.start();
            } catch (IOException e) {
                // closed, or the backend is gone: the client sees its connection end
            }
        }
    }

    private void reap() {
        while (!listener.isClosed() || !relays.isEmpty()) {
            Duration idle = idleCut;
            if (idle == null) {
                return;
            }
            long now = System.nanoTime();
            for (Relay relay : relays) {
                if (now - relay.lastActivity > idle.toNanos()) {
                    relay.cut();
                }
            }
            try {
                Thread.sleep(Duration.ofMillis(20)); // the reaper's own tick, not a test's synchronisation
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        idleCut = null;
        refuse();
    }

    private final class Relay {
        private final Socket client;
        private final Socket server;
        private volatile long lastActivity = System.nanoTime();

        Relay(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            Thread.ofVirtual().start(() -> pump(client, server));
            Thread.ofVirtual().start(() -> pump(server, client));
        }

        private void pump(Socket from, Socket to) {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    lastActivity = System.nanoTime();
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away
            } finally {
                close();
            }
        }

        void cut() {
            if (relays.remove(this)) {
                cuts.incrementAndGet();
            }
            close();
        }

        void close() {
            relays.remove(this);
            try {
                client.setSoLinger(true, 0); // a reset, as a proxy that drops the connection sends
                client.close();
            } catch (IOException e) {
                // closed
            }
            try {
                server.close();
            } catch (IOException e) {
                // closed
            }
        }
    }
}
