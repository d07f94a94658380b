package org.jitsi.signalsidecar.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jitsi.signalsidecar.config.ListenAddress;
import org.jitsi.signalsidecar.report.AgentReply;

import static java.util.Objects.requireNonNull;

/**
 * HAProxy's agent-check peer: on every connection it writes one line, {@code up ready 100%\n} and
 * the like, then closes. It never waits for input, but reads and discards what a client sent
 * (HAProxy's {@code agent-send}) so the close is a FIN, not a reset. It sends what it is given and
 * decides nothing: the reply is built with each snapshot, and changes to it are logged by
 * {@link org.jitsi.signalsidecar.log.StateChangeLog}.
 *
 * <p>What one connection can cost, whoever the client is (HAProxy fleets, port scanners):
 * <ul>
 *     <li>one virtual thread, so thousands of connections need no platform threads;</li>
 *     <li>no blocking write: the line (under 200 bytes) always fits the kernel's send buffer, which
 *     is why there is no write timeout (Java sockets have none);</li>
 *     <li>after the line and our FIN, at most {@link #LINGER_TIMEOUT} waiting for the client's close
 *     (the read timeout of the drain) and at most {@value #MAX_DISCARDED_BYTES} bytes read: a client
 *     that connects and stays silent is dropped then;</li>
 *     <li>at most {@value #MAX_LINGERING_CONNECTIONS} connections wait like that at once; beyond that
 *     a connection is answered and closed at once (if that client had sent something unread, it
 *     then sees a reset: the price of staying up under a flood).</li>
 * </ul>
 */
public final class AgentServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AgentServer.class.getName());
    /** Connections allowed to wait for the client's close at the same time. */
    static final int MAX_LINGERING_CONNECTIONS = 4096;
    /** How long a connection waits for the client to close after the reply: the bound on a silent client. */
    static final Duration LINGER_TIMEOUT = Duration.ofSeconds(2);
    /** What a client may send (an {@code agent-send} string) before we stop reading and close. */
    static final int MAX_DISCARDED_BYTES = 4096;
    /** Pause after a failed accept (e.g. no file descriptors left), so the loop does not spin. */
    private static final Duration ACCEPT_RETRY_DELAY = Duration.ofMillis(100);
    /**
     * Connections the kernel queues before we accept them: a fleet of HAProxies checking at the
     * same moment must not overflow it (a dropped SYN costs the client a 1 s retransmission).
     * Linux caps it at {@code net.core.somaxconn}, 4096 by default.
     */
    private static final int BACKLOG = 4096;

    private final ListenAddress address;
    private final Supplier<AgentReply> reply;
    private final Consumer<AgentReply> replied;
    private final Semaphore lingering = new Semaphore(MAX_LINGERING_CONNECTIONS);
    private final AtomicInteger open = new AtomicInteger();
    private ServerSocket server;
    private Thread acceptor;

    /**
     * @param address where to listen
     * @param reply   what to send; asked at each connection
     * @param replied told of each reply once it was written (the metrics count them); must return quickly
     */
    public AgentServer(ListenAddress address, Supplier<AgentReply> reply, Consumer<AgentReply> replied) {
        this.address = requireNonNull(address, "address is null");
        this.reply = requireNonNull(reply, "reply is null");
        this.replied = requireNonNull(replied, "replied is null");
    }

    /** Binds the port (so a bind error surfaces here) and starts accepting. */
    public void start() throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(address.host()), address.port()), BACKLOG);
        acceptor = Thread.ofVirtual().name("agent-accept").start(this::acceptLoop);
        LOG.log(Level.INFO, "HAProxy agent listening on " + address.host() + ":" + port());
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted and not closed yet. */
    public int openConnections() {
        return open.get();
    }

    /** The listener is open and its accept loop is running. */
    public boolean accepting() {
        return server != null && !server.isClosed() && acceptor != null && acceptor.isAlive();
    }

    private void acceptLoop() {
        String lastFailure = null;
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.incrementAndGet();
                Thread.ofVirtual().name("agent-connection").start(() -> serve(socket));
                lastFailure = null;
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
                if (!String.valueOf(e.getMessage()).equals(lastFailure)) {
                    LOG.log(Level.WARNING, "HAProxy agent could not accept a connection: " + e.getMessage());
                }
                lastFailure = String.valueOf(e.getMessage());
                LockSupport.parkNanos(ACCEPT_RETRY_DELAY.toNanos());
            }
        }
    }

    private void serve(Socket socket) {
        boolean linger = lingering.tryAcquire();
        try (socket) {
            AgentReply answer = reply.get();
            OutputStream out = socket.getOutputStream();
            out.write(answer.bytes());
            out.flush();
            replied.accept(answer);
            socket.shutdownOutput();
            if (linger) {
                socket.setSoTimeout((int) LINGER_TIMEOUT.toMillis());
                discardUntilClosed(socket.getInputStream());
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "HAProxy agent connection ended early: " + e.getMessage());
        } finally {
            if (linger) {
                lingering.release();
            }
            open.decrementAndGet();
        }
    }

    /** Reads what the client sent until it closes, so our close does not reset the connection. */
    private static void discardUntilClosed(InputStream in) throws IOException {
        byte[] buffer = new byte[512];
        int total = 0;
        int n;
        while (total < MAX_DISCARDED_BYTES && (n = in.read(buffer)) >= 0) {
            total += n;
        }
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "Closing the agent listener failed: " + e.getMessage());
        }
    }
}
