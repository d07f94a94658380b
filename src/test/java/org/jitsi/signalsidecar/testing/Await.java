package org.jitsi.signalsidecar.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for a condition by polling it until a deadline: the only way tests here wait. */
public final class Await {
    private Await() {
    }

    /** Returns the first value that satisfies {@code condition}, or fails with the last value seen. */
    public static <T> T until(Supplier<T> value, Predicate<T> condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = value.get();
            if (condition.test(last)) {
                return last;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                + "; last value: " + last);
    }

    public static <T> T until(Supplier<T> value, Predicate<T> condition, String what) {
        return until(value, condition, Duration.ofSeconds(10), what);
    }
}
