package org.jitsi.signalsidecar.consul;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.jitsi.signalsidecar.lifecycle.BackgroundThreads;
import org.jitsi.signalsidecar.lifecycle.OncePerProblem;
import org.jitsi.signalsidecar.report.Snapshot;
import org.jitsi.signalsidecar.report.SnapshotListener;
import org.jitsi.signalsidecar.report.SnapshotStore;

import static java.util.Objects.requireNonNull;

/**
 * Puts the report ({@link ConsulReport}) to a Consul KV key on a virtual thread: once right after
 * the first poll, then every {@code interval}, each time the view consumers see at that instant. A
 * failed write is logged (once per distinct problem) and simply tried again at the next interval;
 * it never touches the node's health or status. Add it to the store as a listener before the poll
 * loop starts.
 */
public final class ConsulPublisher implements SnapshotListener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ConsulPublisher.class.getName());

    private final ConsulClient client;
    private final String key;
    private final Duration interval;
    private final boolean censusReports;
    private final SnapshotStore store;
    private final CountDownLatch firstPoll = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<State> state = new AtomicReference<>(State.NONE);
    private volatile Thread thread;

    /**
     * What publishing has achieved, for {@code /health} and the metrics.
     *
     * @param lastSuccess when Consul last stored the report
     * @param lastError   the latest problem, kept after a recovery
     * @param failing     the latest attempt failed
     */
    public record State(Optional<Instant> lastSuccess, Optional<String> lastError, boolean failing) {
        static final State NONE = new State(Optional.empty(), Optional.empty(), false);

        public State {
            requireNonNull(lastSuccess, "lastSuccess is null");
            requireNonNull(lastError, "lastError is null");
        }
    }

    public ConsulPublisher(ConsulClient client, String key, Duration interval, boolean censusReports,
                           SnapshotStore store) {
        this.client = requireNonNull(client, "client is null");
        this.key = requireNonNull(key, "key is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.censusReports = censusReports;
        this.store = requireNonNull(store, "store is null");
    }

    public void start() {
        LOG.log(Level.INFO, "Publishing the report to the Consul key " + client.describe(key) + " every "
                + interval.toMillis() / 1000.0 + " s.");
        thread = Thread.ofVirtual().name("consul-publish").start(this::run);
    }

    public State state() {
        return state.get();
    }

    /** Starts publishing once the first poll is in: before it the report says nothing about the node. */
    @Override
    public void published(Snapshot previous, Snapshot current) {
        if (current.polled()) {
            firstPoll.countDown();
        }
    }

    private void run() {
        try {
            firstPoll.await();
            OncePerProblem problems = new OncePerProblem();
            while (stopped.getCount() > 0) {
                publish(problems);
                stopped.await(interval.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One attempt; its problem, if any, is told unless it is the one told last. */
    private void publish(OncePerProblem problems) {
        Instant now = store.clock().instant();
        Optional<String> problem = client.put(key, ConsulReport.body(store.current(), now, censusReports));
        if (stopped.getCount() == 0) {
            return;
        }
        State previous = state.get();
        if (problem.isEmpty()) {
            state.set(new State(Optional.of(now), previous.lastError(), false));
            if (problems.recovered()) {
                LOG.log(Level.INFO, "The report is published to the Consul key " + key + " again.");
            }
            return;
        }
        state.set(new State(previous.lastSuccess(), problem, true));
        if (problems.isNew(problem.get())) {
            LOG.log(Level.WARNING, "Publishing the report to the Consul key " + key + " failed: " + problem.get()
                    + "; trying again in " + interval.toMillis() / 1000.0 + " s.");
        }
    }

    @Override
    public void close() {
        stopped.countDown();
        firstPoll.countDown();
        BackgroundThreads.interruptAndJoin(thread);
    }
}
