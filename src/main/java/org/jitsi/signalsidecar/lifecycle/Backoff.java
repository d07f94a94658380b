package org.jitsi.signalsidecar.lifecycle;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import static java.util.Objects.requireNonNull;

/**
 * How long to wait before trying again (asking an unreachable Consul, listening again): {@code base} after the first failure,
 * doubling after each further one up to {@code cap}, and each delay drawn between half of that and
 * all of it, so the sidecars of a fleet do not come back in step. Not thread-safe (one loop owns one).
 */
public final class Backoff {
    private final Duration base;
    private final Duration cap;
    private final DoubleSupplier random;
    private int failures;

    /** @param random numbers in {@code [0, 1)}: {@code Math::random} in production, fixed ones in tests */
    public Backoff(Duration base, Duration cap, DoubleSupplier random) {
        this.base = requireNonNull(base, "base is null");
        this.cap = requireNonNull(cap, "cap is null");
        this.random = requireNonNull(random, "random is null");
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap: " + base + ", " + cap);
        }
    }

    /** The delay after one more failure. */
    public Duration next() {
        failures = Math.min(failures + 1, 62);
        Duration full = base;
        for (int i = 1; i < failures && full.compareTo(cap) < 0; i++) {
            full = full.multipliedBy(2);
        }
        if (full.compareTo(cap) > 0) {
            full = cap;
        }
        long half = full.toNanos() / 2;
        return Duration.ofNanos(half + (long) (random.getAsDouble() * (full.toNanos() - half)));
    }

    /** After a success: the next failure waits {@code base} again. */
    public void reset() {
        failures = 0;
    }
}
