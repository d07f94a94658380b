package org.jitsi.signalsidecar.testing;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.jitsi.signalsidecar.lifecycle.Sleeper;

/**
 * A {@link Sleeper} a test steps: every pause a loop asks for is recorded ({@link #nextPause()})
 * and lasts until the test {@linkplain #pass() lets it pass}, which moves the test's clock by the
 * pause, or until the loop is woken. A loop paced by it never waits on the wall clock, and never
 * runs ahead of the test. Thread-safe.
 */
public final class TestSleeper implements Sleeper {
    private static final Duration ASKED_WITHIN = Duration.ofSeconds(10);

    private final MutableClock clock;
    private final BlockingQueue<Duration> asked = new LinkedBlockingQueue<>();
    private final Semaphore passes = new Semaphore(0);
    private final Set<Thread> sleeping = ConcurrentHashMap.newKeySet();

    public TestSleeper(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public void sleep(Duration delay, BooleanSupplier woken) throws InterruptedException {
        Thread me = Thread.currentThread();
        sleeping.add(me);
        asked.add(delay);
        try {
            while (!woken.getAsBoolean()) {
                if (passes.tryAcquire()) {
                    clock.advance(delay);
                    return;
                }
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            sleeping.remove(me);
        }
    }

    /** The next pause a loop asked for, in the order asked; fails the test when none comes within 10 s. */
    public Duration nextPause() {
        try {
            Duration pause = asked.poll(ASKED_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            if (pause == null) {
                throw new AssertionError("no loop asked for a pause within " + ASKED_WITHIN.toSeconds() + " s");
            }
            return pause;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a pause", e);
        }
    }

    /** Lets one pause, the one under way or the next, run its whole length: the clock moves by it. */
    public void pass() {
        passes.release();
        sleeping.forEach(LockSupport::unpark);
    }
}
