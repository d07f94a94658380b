package org.jitsi.signalsidecar.lifecycle;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How a {@link BackgroundLoop} waits between rounds: on the system's time in production, on a
 * test's clock in tests, so a test drives a loop's pacing without waiting for it.
 */
@FunctionalInterface
public interface Sleeper {
    /**
     * Waits until {@code delay} has passed or {@code woken} turns true, whichever comes first. The
     * waiting thread is {@linkplain LockSupport#unpark unparked} whenever {@code woken} may have
     * turned true, so a sleeper need not look at it more often than that.
     *
     * @param delay  how long to wait; positive
     * @param woken  true once the wait should end early
     * @throws InterruptedException when the waiting thread is interrupted
     */
    void sleep(Duration delay, BooleanSupplier woken) throws InterruptedException;

    /** Waits on the system's monotonic time. */
    static Sleeper system() {
        return (delay, woken) -> {
            long deadline = System.nanoTime() + delay.toNanos();
            while (!woken.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                LockSupport.parkNanos(left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        };
    }
}
