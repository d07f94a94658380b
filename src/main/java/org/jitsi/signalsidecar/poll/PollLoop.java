package org.jitsi.signalsidecar.poll;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.Supplier;

import org.jitsi.signalsidecar.lifecycle.BackgroundLoop;
import org.jitsi.signalsidecar.lifecycle.OncePerProblem;
import org.jitsi.signalsidecar.lifecycle.Sleeper;
import org.jitsi.signalsidecar.report.Observations;
import org.jitsi.signalsidecar.report.Snapshot;
import org.jitsi.signalsidecar.report.SnapshotStore;

import static java.util.Objects.requireNonNull;

/**
 * Polls on one virtual thread ({@code poll-loop}): poll, publish the next snapshot, wait {@code interval}, repeat.
 * Polls never overlap; the delay counts from the end of the previous poll, and {@link #pollNow()}
 * cuts it short. An unexpected error is
 * logged and the loop carries on. Once an hour it logs how many polls it attempted ({@link PollTally}).
 */
public final class PollLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PollLoop.class.getName());

    private final Supplier<Observations> poll;
    private final SnapshotStore store;
    private final Duration interval;
    private final BackgroundLoop loop;

    /**
     * @param poll     one poll; {@link Poller#poll} in production
     * @param store    where each poll's snapshot goes
     * @param interval delay between polls
     * @param sleeper  how the loop waits between polls
     */
    public PollLoop(Supplier<Observations> poll, SnapshotStore store, Duration interval, Sleeper sleeper) {
        this.poll = requireNonNull(poll, "poll is null");
        this.store = requireNonNull(store, "store is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.loop = BackgroundLoop.virtual("poll-loop", sleeper, this::run);
    }

    public void start() {
        loop.start();
    }

    /**
     * Asks for a poll that starts after this call, without waiting for the interval: a status
     * file just written by the drain-control API or a Consul watch is then published at once.
     * Returns immediately; calls made while a poll runs are served by one more poll after it.
     */
    public void pollNow() {
        loop.wake();
    }

    /** The loop's thread is alive: it is polling or waiting for the next poll. */
    public boolean running() {
        return loop.alive();
    }

    private void run() {
        OncePerProblem failures = new OncePerProblem();
        PollTally tally = new PollTally(store.clock().instant(), interval);
        while (!loop.stopping()) {
            try {
                loop.forgetWake(); // the poll about to start serves every earlier pollNow()
                Snapshot startedFrom = store.current();
                Observations observations = poll.get();
                if (loop.stopping()) {
                    return; // a poll cut short by close() must not publish its interrupted requests
                }
                store.publishPoll(startedFrom, observations);
                failures.recovered();
            } catch (RuntimeException e) {
                if (loop.stopping()) {
                    return; // a poll cut short by close() is no failure
                }
                if (failures.isNew(String.valueOf(e))) {
                    LOG.log(Level.ERROR, "A poll failed unexpectedly; the loop carries on.", e);
                }
            }
            tally.attempted(store.clock().instant()).ifPresent(line ->
                    LOG.log(line.worrying() ? Level.WARNING : Level.INFO, line.message(), line.fields()));
            loop.pause(interval);
        }
    }

    /** Stops after the poll under way, if any, and waits briefly for it. */
    @Override
    public void close() {
        loop.close();
    }
}
