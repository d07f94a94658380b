package org.jitsi.signalsidecar.agent;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jitsi.signalsidecar.config.ListenAddress;
import org.jitsi.signalsidecar.lifecycle.BackgroundLoop;
import org.jitsi.signalsidecar.lifecycle.OncePerProblem;
import org.jitsi.signalsidecar.lifecycle.Sleeper;
import org.jitsi.signalsidecar.report.AgentReply;

import static java.util.Objects.requireNonNull;

/**
 * HAProxy's agent-check peer: on every connection it writes one line, {@code up ready 100%\n} and
 * the like, then closes. It never waits for input, but reads and discards what a client sent
 * (HAProxy's {@code agent-send}) so the close is a FIN, not a reset. It sends what it is given and
 * decides nothing: the reply is built with each snapshot, and changes to it are logged by
 * {@link org.jitsi.signalsidecar.observe.StateChangeLog}.
 *
 * <p>Two platform threads do all the work, so a connection costs a few system calls and no thread
 * of its own: {@code agent-accept} accepts, writes the line and our FIN at once (the line, under
 * 200 bytes, always fits a new connection's send buffer, so the write never blocks), then hands
 * the connection to {@link ClientCloses}, whose one thread waits for the clients' closes.
 * {@value #ACCEPTOR_PROPERTY}{@code =virtual} accepts and answers on a virtual thread instead, as
 * the design first had it: on a virtual thread the JDK switches each connection to non-blocking
 * mode before the write, two more system calls per check, so it costs more CPU per check; the
 * benchmark measures both, see docs/performance.md.
 *
 * <p>What one connection can cost, whoever the client is (HAProxy fleets, port scanners):
 * <ul>
 *     <li>after the line and our FIN, at most {@link ClientCloses#LINGER_TIMEOUT} waiting for the
 *     client's close and at most {@value ClientCloses#MAX_DISCARDED_BYTES} bytes read: a client that
 *     connects and stays silent is dropped then;</li>
 *     <li>at most {@code maxConnections} ({@code TCP_MAX_CONNECTIONS}) connections wait like that at
 *     once; beyond that a connection is answered and closed at once (if that client had sent
 *     something unread, it then sees a reset: the price of staying up under a flood). So the agent
 *     holds at most one descriptor more than that, and clients cannot exhaust the process's.</li>
 * </ul>
 */
public final class AgentServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AgentServer.class.getName());
    /** The system property that puts the accept-and-answer loop on a virtual thread ({@code virtual}). */
    static final String ACCEPTOR_PROPERTY = "signal-sidecar.agent.acceptor";
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
    private final AtomicInteger open = new AtomicInteger();
    private final ClientCloses clientCloses;
    private volatile ServerSocketChannel server;
    private final BackgroundLoop acceptor = acceptLoopThread();

    /**
     * @param address        where to listen
     * @param maxConnections connections that may wait for their client's close at once
     * @param reply          what to send; asked at each connection
     * @param replied        told of each reply once it was written (the metrics count them); must return quickly
     */
    public AgentServer(ListenAddress address, int maxConnections, Supplier<AgentReply> reply,
                       Consumer<AgentReply> replied) {
        this.address = requireNonNull(address, "address is null");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
        this.clientCloses = new ClientCloses(maxConnections, open::decrementAndGet);
        this.reply = requireNonNull(reply, "reply is null");
        this.replied = requireNonNull(replied, "replied is null");
    }

    private BackgroundLoop acceptLoopThread() {
        Runnable unblock = () -> closeQuietly(server);
        if ("virtual".equals(System.getProperty(ACCEPTOR_PROPERTY))) {
            return BackgroundLoop.virtual("agent-accept", Sleeper.system(), unblock, this::acceptLoop);
        }
        return BackgroundLoop.platform("agent-accept", Sleeper.system(), unblock, this::acceptLoop);
    }

    /** Binds the port (so a bind error surfaces here) and starts accepting. */
    public void start() throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(InetAddress.getByName(address.host()), address.port()), BACKLOG);
            clientCloses.start();
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
        server = channel;
        acceptor.start();
        LOG.log(Level.INFO, "HAProxy agent listening on " + address.host() + ":" + port());
    }

    public int port() {
        return server.socket().getLocalPort();
    }

    /** Connections accepted and not closed yet. */
    public int openConnections() {
        return open.get();
    }

    /** The listener is open and its accept loop is running. */
    public boolean accepting() {
        return server != null && server.isOpen() && acceptor.alive();
    }

    private void acceptLoop() {
        OncePerProblem failures = new OncePerProblem();
        while (server.isOpen() && !acceptor.stopping()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return; // closed, possibly while accepting (AsynchronousCloseException)
            } catch (IOException e) {
                if (failures.isNew(e.getMessage())) {
                    LOG.log(Level.WARNING, "HAProxy agent could not accept a connection: " + e.getMessage());
                }
                acceptor.pause(ACCEPT_RETRY_DELAY);
                continue;
            }
            failures.recovered();
            open.incrementAndGet();
            answer(channel);
        }
    }

    /** Writes the line and our FIN, then hands the connection over to wait for the client's close. */
    private void answer(SocketChannel channel) {
        try {
            AgentReply answer = reply.get();
            ByteBuffer out = ByteBuffer.wrap(answer.bytes());
            while (out.hasRemaining()) {
                channel.write(out);
            }
            replied.accept(answer);
            channel.shutdownOutput();
            if (clientCloses.offer(channel)) {
                return;
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "HAProxy agent connection ended early: " + e.getMessage());
        }
        closeQuietly(channel);
        open.decrementAndGet();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "Closing an agent connection failed: " + e.getMessage());
        }
    }

    /** Stops accepting, closes the connections still waiting for their clients; waits for its threads to end. */
    @Override
    public void close() {
        if (server == null) {
            return;
        }
        acceptor.close();
        clientCloses.close();
    }
}
