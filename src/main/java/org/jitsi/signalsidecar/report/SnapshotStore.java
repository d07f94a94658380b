package org.jitsi.signalsidecar.report;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * The one place the latest snapshot lives. The poll loop publishes each poll, the status file's
 * watch amends the latest one between polls; HTTP, the agent and anything else read, and see the
 * same view at the same instant. Thread-safe: publications happen one at a time, in order, and
 * listeners hear of them in that order.
 */
public final class SnapshotStore {
    private static final System.Logger LOG = System.getLogger(SnapshotStore.class.getName());

    private final AtomicReference<Snapshot> current;
    private final Clock clock;
    private final List<SnapshotListener> listeners = new CopyOnWriteArrayList<>();

    public SnapshotStore(Snapshot initial, Clock clock) {
        this.current = new AtomicReference<>(requireNonNull(initial, "initial is null"));
        this.clock = requireNonNull(clock, "clock is null");
    }

    public Snapshot current() {
        return current.get();
    }

    /** The node as consumers see it now. */
    public NodeView view() {
        return current.get().viewAt(clock.instant());
    }

    /** What the HAProxy agent sends now. */
    public AgentReply agentReply() {
        return current.get().agentReplyAt(clock.instant());
    }

    public Clock clock() {
        return clock;
    }

    public void addListener(SnapshotListener listener) {
        listeners.add(requireNonNull(listener, "listener is null"));
    }

    /**
     * Publishes the poll that started when {@code startedFrom} was current. If the status file was
     * amended meanwhile ({@link #amendStatusFile}), the amendment read the file after this poll
     * began, so its reading is kept: a slow poll never takes back an operator's drain.
     */
    public synchronized void publishPoll(Snapshot startedFrom, Observations observations) {
        requireNonNull(startedFrom, "startedFrom is null");
        requireNonNull(observations, "observations is null");
        Snapshot now = current.get();
        Observations seen = now == startedFrom ? observations
                : observations.withStatusFile(now.observations().statusFile());
        publish(now.next(seen));
    }

    /**
     * Publishes the latest poll amended with a new reading of the status file
     * ({@link Snapshot#withStatusFile}); does nothing when the reading is what the snapshot holds.
     *
     * @return whether a snapshot was published
     */
    public synchronized boolean amendStatusFile(StatusFileReading reading) {
        requireNonNull(reading, "reading is null");
        Snapshot now = current.get();
        if (!now.polled() || now.observations().statusFile().equals(reading)) {
            return false;
        }
        publish(now.withStatusFile(reading));
        return true;
    }

    /**
     * From now on every snapshot is {@linkplain Snapshot#whileStopping() stopping}: the shutdown
     * grace. Polls go on, so health stays what the peers say.
     */
    public synchronized void stopping() {
        Snapshot now = current.get();
        if (!now.stopping()) {
            publish(now.whileStopping());
        }
    }

    /** Makes {@code next} current and tells the listeners; a failing listener is logged and skipped. */
    public synchronized void publish(Snapshot next) {
        Snapshot previous = current.getAndSet(requireNonNull(next, "next is null"));
        for (SnapshotListener listener : listeners) {
            try {
                listener.published(previous, next);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "A snapshot listener failed: " + listener, e);
            }
        }
    }
}
