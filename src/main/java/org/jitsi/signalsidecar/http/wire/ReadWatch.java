package org.jitsi.signalsidecar.http.wire;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jitsi.signalsidecar.lifecycle.BackgroundLoop;
import org.jitsi.signalsidecar.lifecycle.Sleeper;

/**
 * Closes the HTTP connections whose client kept them waiting longer than allowed (see
 * {@link RequestLines#overdue}): one virtual thread ({@code http-read-watch}) looks at every open connection a few times a
 * second, and sleeps while there is none (an idle sidecar costs nothing here). Closing a connection
 * interrupts its reading thread, which closes the socket.
 */
final class ReadWatch implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ReadWatch.class.getName());

    private final Set<GuardedConnection> connections = ConcurrentHashMap.newKeySet();
    private final Duration period;
    private final BackgroundLoop loop;

    ReadWatch(Duration period) {
        this.period = period;
        this.loop = BackgroundLoop.virtual("http-read-watch", Sleeper.system(), this::watch);
    }

    void start() {
        loop.start();
    }

    void add(GuardedConnection connection) {
        connections.add(connection);
        loop.wake(); // in case it sleeps for want of connections
    }

    void remove(GuardedConnection connection) {
        connections.remove(connection);
    }

    /** Connections being read or answered now. */
    int size() {
        return connections.size();
    }

    private void watch() {
        while (!loop.stopping()) {
            if (connections.isEmpty()) {
                loop.pause(BackgroundLoop.UNTIL_WOKEN); // until add() or close()
                continue;
            }
            loop.pause(period);
            long now = System.nanoTime();
            int expired = 0;
            for (GuardedConnection connection : connections) {
                if (connection.overdue(now)) {
                    connection.expire();
                    expired++;
                }
            }
            if (expired > 0) {
                // one line per round, not per client: a flood of slow clients cannot flood the log
                LOG.log(Level.DEBUG, "Closed " + expired + " HTTP connection(s) whose client kept them waiting too long");
            }
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}
