package org.jitsi.signalsidecar.agent;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>Two platform threads do all the work, so a connection costs a few system calls and no thread:
 * {@code agent-accept} accepts, writes the line and our FIN at once (the line, under 200 bytes,
 * always fits a new connection's send buffer, so the write never blocks), then hands the
 * connection to {@code agent-linger}, one selector that waits for the clients' closes.
 *
 * <p>What one connection can cost, whoever the client is (HAProxy fleets, port scanners):
 * <ul>
 *     <li>after the line and our FIN, at most {@link #LINGER_TIMEOUT} waiting for the client's close
 *     and at most {@value #MAX_DISCARDED_BYTES} bytes read: a client that connects and stays silent
 *     is dropped then;</li>
 *     <li>at most {@code maxConnections} ({@code TCP_MAX_CONNECTIONS}) connections wait like that at
 *     once; beyond that a connection is answered and closed at once (if that client had sent
 *     something unread, it then sees a reset: the price of staying up under a flood). So the agent
 *     holds at most one descriptor more than that, and clients cannot exhaust the process's.</li>
 * </ul>
 */
public final class AgentServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AgentServer.class.getName());
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
    /** Connections allowed to wait for the client's close at the same time. */
    private final Semaphore lingering;
    private final AtomicInteger open = new AtomicInteger();
    /** Answered connections on their way from the acceptor to the linger selector. */
    private final Queue<Lingering> handover = new ConcurrentLinkedQueue<>();
    /** Handed over since the linger loop last looked: only the first of a batch wakes the selector. */
    private final AtomicInteger handedOver = new AtomicInteger();
    private final ScheduledThreadPoolExecutor timeouts = new ScheduledThreadPoolExecutor(1,
            Thread.ofPlatform().daemon().name("agent-linger-timeout").factory());
    private final ByteBuffer discarded = ByteBuffer.allocateDirect(512);
    private volatile ServerSocketChannel server;
    private volatile Selector selector;
    private final BackgroundLoop acceptor = BackgroundLoop.platform("agent-accept", Sleeper.system(),
            () -> closeQuietly(server), this::acceptLoop);
    private final BackgroundLoop linger = BackgroundLoop.platform("agent-linger", Sleeper.system(),
            () -> selector.wakeup(), this::lingerLoop);

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
        this.lingering = new Semaphore(maxConnections);
        this.reply = requireNonNull(reply, "reply is null");
        this.replied = requireNonNull(replied, "replied is null");
        timeouts.setRemoveOnCancelPolicy(true); // a connection that closes in time leaves no task behind
    }

    /** Binds the port (so a bind error surfaces here) and starts accepting. */
    public void start() throws IOException {
        selector = Selector.open();
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(InetAddress.getByName(address.host()), address.port()), BACKLOG);
        } catch (IOException | RuntimeException e) {
            closeQuietly(selector);
            if (channel != null) {
                closeQuietly(channel);
            }
            throw e;
        }
        server = channel;
        linger.start();
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
        boolean linger = lingering.tryAcquire();
        try {
            AgentReply answer = reply.get();
            ByteBuffer out = ByteBuffer.wrap(answer.bytes());
            while (out.hasRemaining()) {
                channel.write(out);
            }
            replied.accept(answer);
            channel.shutdownOutput();
            if (linger) {
                channel.configureBlocking(false);
                Lingering waiting = new Lingering(channel);
                waiting.timeout = timeouts.schedule(() -> {
                    finish(waiting);
                    selector.wakeup(); // so the selector lets go of the closed channel now
                }, LINGER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                handover.add(waiting);
                if (handedOver.getAndIncrement() == 0) {
                    selector.wakeup();
                }
                return;
            }
        } catch (IOException | RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "HAProxy agent connection ended early: " + e.getMessage());
        }
        closeQuietly(channel);
        if (linger) {
            lingering.release();
        }
        open.decrementAndGet();
    }

    /** One answered connection waiting for its client to close. */
    private static final class Lingering {
        final SocketChannel channel;
        final AtomicBoolean done = new AtomicBoolean();
        int discarded;
        volatile Future<?> timeout;

        Lingering(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private void lingerLoop() {
        try {
            while (!linger.stopping()) {
                selector.select();
                handedOver.set(0); // before taking them: a connection added after this wakes the next round
                Lingering next;
                while ((next = handover.poll()) != null) {
                    register(next);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    discard((Lingering) key.attachment());
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | ClosedSelectorException e) {
            LOG.log(Level.DEBUG, "The agent's linger selector stopped: " + e);
        } finally {
            for (SelectionKey key : selector.keys()) {
                finish((Lingering) key.attachment());
            }
            handover.forEach(this::finish);
            closeQuietly(selector);
        }
    }

    private void register(Lingering waiting) {
        try {
            waiting.channel.register(selector, SelectionKey.OP_READ, waiting);
        } catch (ClosedChannelException e) {
            finish(waiting); // timed out before it got here
        }
    }

    /** Reads what the client sent; its close, an error or too much data ends the connection. */
    private void discard(Lingering waiting) {
        discarded.clear();
        try {
            int n = waiting.channel.read(discarded);
            if (n >= 0 && (waiting.discarded += n) < MAX_DISCARDED_BYTES) {
                return;
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "HAProxy agent connection ended early: " + e.getMessage());
        }
        finish(waiting);
    }

    /** Closes a lingering connection once, whoever gets there first: its client, its timeout or {@link #close}. */
    private void finish(Lingering waiting) {
        if (!waiting.done.compareAndSet(false, true)) {
            return;
        }
        Future<?> timeout = waiting.timeout;
        if (timeout != null) {
            timeout.cancel(false);
        }
        closeQuietly(waiting.channel);
        lingering.release();
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
            timeouts.shutdownNow();
            return;
        }
        acceptor.close();
        timeouts.shutdownNow();
        linger.close();
        try {
            timeouts.awaitTermination(BackgroundLoop.STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
