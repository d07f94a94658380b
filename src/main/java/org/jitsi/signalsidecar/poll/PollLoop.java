package org.jitsi.signalsidecar.poll;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jitsi.signalsidecar.lifecycle.BackgroundThreads;
import org.jitsi.signalsidecar.lifecycle.OncePerProblem;
import org.jitsi.signalsidecar.report.Observations;
import org.jitsi.signalsidecar.report.Snapshot;
import org.jitsi.signalsidecar.report.SnapshotStore;

import static java.util.Objects.requireNonNull;

/**
 * Polls on one virtual thread: poll, publish the next snapshot, wait {@code interval}, repeat.
 * Polls never overlap; the delay counts from the end of the previous poll, and {@link #pollNow()}
 * cuts it short. An unexpected error is
 * logged and the loop carries on. Once an hour it logs how many polls it attempted ({@link PollTally}).
 */
public final class PollLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PollLoop.class.getName());

    private final Supplier<Observations> poll;
    private final SnapshotStore store;
    private final Duration interval;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Released by {@link #pollNow()} and {@link #close()}: ends the wait between polls early. */
    private final Semaphore wake = new Semaphore(0);
    private volatile Thread thread;

    /**
     * @param poll     one poll; {@link Poller#poll} in production
     * @param store    where each poll's snapshot goes
     * @param interval delay between polls
     */
    public PollLoop(Supplier<Observations> poll, SnapshotStore store, Duration interval) {
        this.poll = requireNonNull(poll, "poll is null");
        this.store = requireNonNull(store, "store is null");
        this.interval = requireNonNull(interval, "interval is null");
    }

    public void start() {
        thread = Thread.ofVirtual().name("poll-loop").start(this::run);
    }

    /**
     * Asks for a poll that starts after this call, without waiting for the interval: a status
     * file just written by the drain-control API or a Consul watch is then published at once.
     * Returns immediately; calls made while a poll runs are served by one more poll after it.
     */
    public void pollNow() {
        wake.release();
    }

    /** The loop's thread is alive: it is polling or waiting for the next poll. */
    public boolean running() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    private void run() {
        OncePerProblem failures = new OncePerProblem();
        PollTally tally = new PollTally(store.clock().instant(), interval);
        while (stopped.getCount() > 0) {
            try {
                wake.drainPermits(); // the poll about to start serves every earlier pollNow()
                Snapshot startedFrom = store.current();
                Observations observations = poll.get();
                if (stopped.getCount() == 0) {
                    return; // a poll cut short by close() must not publish its interrupted requests
                }
                store.publishPoll(startedFrom, observations);
                failures.recovered();
            } catch (RuntimeException e) {
                if (stopped.getCount() == 0) {
                    return; // a poll cut short by close() is no failure
                }
                if (failures.isNew(String.valueOf(e))) {
                    LOG.log(Level.ERROR, "A poll failed unexpectedly; the loop carries on.", e);
                }
            }
            tally.attempted(store.clock().instant()).ifPresent(line ->
                    LOG.log(line.worrying() ? Level.WARNING : Level.INFO, line.message(), line.fields()));
            try {
                wake.tryAcquire(interval.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops after the poll under way, if any, and waits briefly for it. */
    @Override
    public void close() {
        stopped.countDown();
        wake.release();
        BackgroundThreads.interruptAndJoin(thread);
    }
}
