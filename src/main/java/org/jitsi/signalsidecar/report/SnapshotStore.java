package org.jitsi.signalsidecar.report;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * The one place the latest snapshot lives. The poll loop publishes each poll, the status file's
 * watch amends the latest one between polls; HTTP, the agent and anything else read, and see the
 * same view at the same instant. Thread-safe: publications happen one at a time, in order, and
 * listeners hear of them in that order, one at a time.
 *
 * <p>Listeners are told outside the store's lock, so a slow one (a dump script starting) never
 * holds up the next publication. A publication made while another thread is telling the listeners
 * is told by that thread, after the ones before it: then {@link #publish} returns before its
 * listeners have heard of it.
 */
public final class SnapshotStore {
    private static final System.Logger LOG = System.getLogger(SnapshotStore.class.getName());

    private final AtomicReference<Snapshot> current;
    private final Clock clock;
    private final List<SnapshotListener> listeners = new CopyOnWriteArrayList<>();
    /** Publications the listeners have not heard of yet, in order. */
    private final Queue<Publication> untold = new ConcurrentLinkedQueue<>();
    /** A thread is telling the listeners; not a lock, so a listener that publishes cannot jump the queue. */
    private final AtomicBoolean telling = new AtomicBoolean();

    private record Publication(Snapshot previous, Snapshot current) {
    }

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
    public void publishPoll(Snapshot startedFrom, Observations observations) {
        requireNonNull(startedFrom, "startedFrom is null");
        requireNonNull(observations, "observations is null");
        synchronized (this) {
            Snapshot now = current.get();
            Observations seen = now == startedFrom ? observations
                    : observations.withStatusFile(now.observations().statusFile());
            swap(now.next(seen));
        }
        tellListeners();
    }

    /**
     * Publishes the latest poll amended with a new reading of the status file
     * ({@link Snapshot#withStatusFile}); does nothing when the reading is what the snapshot holds.
     *
     * @return whether a snapshot was published
     */
    public boolean amendStatusFile(StatusFileReading reading) {
        requireNonNull(reading, "reading is null");
        synchronized (this) {
            Snapshot now = current.get();
            if (!now.polled() || now.observations().statusFile().equals(reading)) {
                return false;
            }
            swap(now.withStatusFile(reading));
        }
        tellListeners();
        return true;
    }

    /**
     * From now on every snapshot is {@linkplain Snapshot#whileStopping() stopping}: the shutdown
     * grace. Polls go on, so health stays what the peers say.
     */
    public void stopping() {
        synchronized (this) {
            Snapshot now = current.get();
            if (now.stopping()) {
                return;
            }
            swap(now.whileStopping());
        }
        tellListeners();
    }

    /** Makes {@code next} current and tells the listeners; a failing listener is logged and skipped. */
    public void publish(Snapshot next) {
        requireNonNull(next, "next is null");
        synchronized (this) {
            swap(next);
        }
        tellListeners();
    }

    /** Makes {@code next} current and queues the news for the listeners; under the lock. */
    private void swap(Snapshot next) {
        untold.add(new Publication(current.getAndSet(next), next));
    }

    /**
     * Tells the listeners of every queued publication, in order, unless another thread is at it
     * already (it will tell them of ours too). Looks again after letting go, for a publication
     * queued while this thread was finishing.
     */
    private void tellListeners() {
        while (!untold.isEmpty() && telling.compareAndSet(false, true)) {
            try {
                Publication next;
                while ((next = untold.poll()) != null) {
                    tell(next);
                }
            } finally {
                telling.set(false);
            }
        }
    }

    private void tell(Publication publication) {
        for (SnapshotListener listener : listeners) {
            try {
                listener.published(publication.previous(), publication.current());
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "A snapshot listener failed: " + listener, e);
            }
        }
    }
}
