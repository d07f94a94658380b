package org.jitsi.signalsidecar.consul;

import java.time.Duration;
import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * The rate limit on blocking queries that bring nothing new. Consul's answer to a blocking query is
 * no proof of a change: it also comes back when {@code wait} runs out, after a write that changed
 * nothing, and, when something is wrong (an index that does not move, a key that is missing while
 * other keys change), at once, again and again. A token bucket with a burst of two lets a couple of
 * such answers through at once and then spaces the next queries {@code interval} apart; answers
 * that bring a change take no token, so a real change is never delayed by the limit. Not
 * thread-safe (one watch owns one).
 */
final class IdleLimiter {
    static final int BURST = 2;

    private final Duration interval;
    private double tokens = BURST;
    private Instant last;

    IdleLimiter(Duration interval, Instant start) {
        this.interval = requireNonNull(interval, "interval is null");
        this.last = requireNonNull(start, "start is null");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
    }

    /**
     * Takes a token for an answer that brought nothing new, received at {@code now}.
     *
     * @return how long to wait before the next query (zero while tokens are left)
     */
    Duration idleAnswer(Instant now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return Duration.ZERO;
        }
        Duration wait = Duration.ofNanos(Math.round((1 - tokens) * interval.toNanos()));
        tokens -= 1; // owed: paid back by the refill during the wait
        return wait;
    }

    private void refill(Instant now) {
        if (now.isAfter(last)) {
            double earned = (double) Duration.between(last, now).toNanos() / interval.toNanos();
            tokens = Math.min(BURST, tokens + earned);
            last = now;
        }
    }
}
