package org.jitsi.signalsidecar.agent;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jitsi.signalsidecar.lifecycle.BackgroundLoop;
import org.jitsi.signalsidecar.lifecycle.Sleeper;

/**
 * Where answered agent connections wait for their client's close, so that ours is a FIN and not a
 * reset: one platform thread ({@code agent-linger}) reads and discards what each client sent until
 * it closes, sends too much, or its time is up.
 *
 * <p>A connection is first looked at once {@link #FIRST_LOOK} has passed since its answer: by then
 * whatever the client sends with its connect has arrived. One that sent nothing is closed: nothing
 * unread, so our close cannot be a reset (a client that sends only later than that gets one). That
 * costs one {@code ioctl} and one {@code close}: no selector registration, no timer, no mode
 * change. Only a client that sent something is read and registered with the selector, until it
 * closes, sends too much, or {@link #LINGER_TIMEOUT} after its answer. The thread wakes at most
 * once per {@link #FIRST_LOOK} under load (it looks at every connection old enough in one pass),
 * and not at all while nothing waits.
 */
final class ClientCloses implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClientCloses.class.getName());
    /** How long a connection waits for the client to close after the reply: the bound on a silent client. */
    static final Duration LINGER_TIMEOUT = Duration.ofSeconds(2);
    /** How long after its answer a connection is first read: by then most clients have closed. */
    static final Duration FIRST_LOOK = Duration.ofMillis(10);
    /** What a client may send (an {@code agent-send} string) before we stop reading and close. */
    static final int MAX_DISCARDED_BYTES = 4096;

    /** Connections allowed to wait at the same time. */
    private final Semaphore places;
    private final int maxConnections;
    private final Runnable closed;
    /** Answered connections on their way from the acceptor to this thread. */
    private final Queue<Waiting> handover = new ConcurrentLinkedQueue<>();
    /** No pass over unseen connections is due: a handover must end this thread's wait. */
    private volatile boolean wakeOnHandover;
    /** Handed over, not looked at yet; in answer order. */
    private final ArrayDeque<Waiting> unseen = new ArrayDeque<>();
    /** Registered with the selector; in answer order, so in deadline order. Finished ones leave lazily. */
    private final ArrayDeque<Waiting> registered = new ArrayDeque<>();
    private final ByteBuffer discarded = ByteBuffer.allocateDirect(512);
    private volatile Selector selector;
    private final BackgroundLoop loop = BackgroundLoop.platform("agent-linger", Sleeper.system(),
            () -> selector.wakeup(), this::run);

    /**
     * @param maxConnections connections that may wait at once
     * @param closed         told each time a connection taken here is closed
     */
    ClientCloses(int maxConnections, Runnable closed) {
        this.maxConnections = maxConnections;
        this.places = new Semaphore(maxConnections);
        this.closed = closed;
    }

    void start() throws IOException {
        selector = Selector.open();
        loop.start();
    }

    /**
     * Takes an answered connection to wait for its client's close.
     *
     * @return false when {@code maxConnections} wait already: the caller closes it at once
     */
    boolean offer(SocketChannel channel) {
        if (!places.tryAcquire()) {
            return false;
        }
        handover.add(new Waiting(channel, System.nanoTime()));
        if (wakeOnHandover) {
            selector.wakeup();
        }
        return true;
    }

    /** One answered connection; only this thread touches it once handed over. */
    private static final class Waiting {
        final SocketChannel channel;
        final long answeredAt;
        int discarded;
        boolean done;

        Waiting(SocketChannel channel, long answeredAt) {
            this.channel = channel;
            this.answeredAt = answeredAt;
        }
    }

    private void run() {
        try {
            while (!loop.stopping()) {
                waitForWork();
                Waiting next;
                while ((next = handover.poll()) != null) {
                    unseen.addLast(next);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    discard((Waiting) key.attachment());
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                lookAtThoseOldEnough(now);
                dropExpired(now);
            }
        } catch (IOException | ClosedSelectorException e) {
            LOG.log(Level.DEBUG, "The agent's linger selector stopped: " + e);
        } finally {
            registered.forEach(this::finish);
            unseen.forEach(this::finish);
            handover.forEach(this::finish);
            try {
                selector.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "Closing the agent's linger selector failed: " + e.getMessage());
            }
        }
    }

    /** Waits until a pass over the unseen is due, a registered client sent or closed, or a deadline. */
    private void waitForWork() throws IOException {
        if (unseen.isEmpty()) {
            wakeOnHandover = true;
            if (!handover.isEmpty()) { // handed over before the flag was seen: take them now
                wakeOnHandover = false;
                return;
            }
        }
        selector.select(millisToNextDue());
        wakeOnHandover = false;
    }

    /**
     * Milliseconds until there is something to do, at least 1; 0 (no timeout) when nothing waits.
     * The unseen are looked at in one pass when the oldest is twice {@link #FIRST_LOOK} old, which
     * takes all those at least {@link #FIRST_LOOK} old: so passes are at least that far apart.
     */
    private long millisToNextDue() {
        long due = Long.MAX_VALUE;
        Waiting oldestUnseen = unseen.peekFirst();
        if (oldestUnseen != null) {
            due = oldestUnseen.answeredAt + 2 * FIRST_LOOK.toNanos();
        }
        Waiting oldestRegistered = registered.peekFirst();
        if (oldestRegistered != null) {
            due = Math.min(due, oldestRegistered.answeredAt + LINGER_TIMEOUT.toNanos());
        }
        if (due == Long.MAX_VALUE) {
            return 0;
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(due - System.nanoTime()) + 1);
    }

    /**
     * The first look: a client that sent nothing by now is done with us (HAProxy sends its
     * {@code agent-send} string right after connecting, so it is here by now), and a close leaves
     * nothing unread to turn it into a reset: so it is closed. One that sent something is read and
     * waits for its close with the selector.
     */
    private void lookAtThoseOldEnough(long now) {
        Waiting oldest;
        while ((oldest = unseen.peekFirst()) != null && now - oldest.answeredAt >= FIRST_LOOK.toNanos()) {
            unseen.removeFirst();
            lookAt(oldest);
        }
    }

    private void lookAt(Waiting waiting) {
        try {
            if (waiting.channel.socket().getInputStream().available() > 0) {
                waiting.channel.configureBlocking(false);
                discard(waiting);
                if (!waiting.done) {
                    register(waiting);
                }
                return;
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "HAProxy agent connection ended early: " + e.getMessage());
        }
        finish(waiting);
    }

    private void register(Waiting waiting) {
        try {
            waiting.channel.register(selector, SelectionKey.OP_READ, waiting);
        } catch (ClosedChannelException e) {
            finish(waiting);
            return;
        }
        registered.addLast(waiting);
        if (registered.size() > 2 * maxConnections) {
            registered.removeIf(w -> w.done); // many closed behind a silent one: keep the queue bounded
        }
    }

    private void dropExpired(long now) {
        Waiting oldest;
        while ((oldest = registered.peekFirst()) != null
                && (oldest.done || now - oldest.answeredAt >= LINGER_TIMEOUT.toNanos())) {
            registered.removeFirst();
            finish(oldest); // a silent client's time is up
        }
    }

    /** Reads what the client sent; its close, an error or too much data ends the connection. */
    private void discard(Waiting waiting) {
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

    /** Closes a connection once, whoever gets there first: its client, its deadline or {@link #close}. */
    private void finish(Waiting waiting) {
        if (waiting.done) {
            return;
        }
        waiting.done = true;
        try {
            waiting.channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "Closing an agent connection failed: " + e.getMessage());
        }
        places.release();
        closed.run();
    }

    /** Closes every connection still waiting and stops the thread. */
    @Override
    public void close() {
        loop.close();
    }
}
