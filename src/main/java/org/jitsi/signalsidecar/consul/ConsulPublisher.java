package org.jitsi.signalsidecar.consul;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.jitsi.signalsidecar.lifecycle.BackgroundLoop;
import org.jitsi.signalsidecar.lifecycle.OncePerProblem;
import org.jitsi.signalsidecar.lifecycle.Sleeper;
import org.jitsi.signalsidecar.report.Snapshot;
import org.jitsi.signalsidecar.report.SnapshotListener;
import org.jitsi.signalsidecar.report.SnapshotStore;

import static java.util.Objects.requireNonNull;

/**
 * Puts the report ({@link ConsulReport}) to a Consul KV key on a virtual thread ({@code consul-publish}): once right after
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
    private final AtomicBoolean firstPoll = new AtomicBoolean();
    private final BackgroundLoop loop;
    private final AtomicReference<State> state = new AtomicReference<>(State.NONE);

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

    /** @param sleeper how the publisher waits between writes */
    public ConsulPublisher(ConsulClient client, String key, Duration interval, boolean censusReports,
                           SnapshotStore store, Sleeper sleeper) {
        this.client = requireNonNull(client, "client is null");
        this.key = requireNonNull(key, "key is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.censusReports = censusReports;
        this.store = requireNonNull(store, "store is null");
        this.loop = BackgroundLoop.virtual("consul-publish", sleeper, this::run);
    }

    public void start() {
        LOG.log(Level.INFO, "Publishing the report to the Consul key " + client.describe(key) + " every "
                + interval.toMillis() / 1000.0 + " s.");
        loop.start();
    }

    public State state() {
        return state.get();
    }

    /** Starts publishing once the first poll is in: before it the report says nothing about the node. */
    @Override
    public void published(Snapshot previous, Snapshot current) {
        if (current.polled() && firstPoll.compareAndSet(false, true)) {
            loop.wake();
        }
    }

    private void run() {
        while (!firstPoll.get() && !loop.stopping()) {
            loop.pause(BackgroundLoop.UNTIL_WOKEN);
        }
        OncePerProblem problems = new OncePerProblem();
        while (!loop.stopping()) {
            publish(problems);
            loop.pause(interval);
        }
    }

    /** One attempt; a problem is logged when it is new, a success after problems once. */
    private void publish(OncePerProblem problems) {
        Instant now = store.clock().instant();
        Optional<String> problem = client.put(key, ConsulReport.body(store.current(), now, censusReports));
        if (loop.stopping()) {
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
        loop.close();
    }
}
