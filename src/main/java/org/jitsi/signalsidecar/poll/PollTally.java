package org.jitsi.signalsidecar.poll;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jitsi.signalsidecar.lifecycle.LogFields;

import static java.util.Objects.requireNonNull;

/**
 * The Node.js sidecar's hourly sanity line, "polls attempted vs expected": counts poll attempts
 * (failed ones too) and, once an hour has passed on the clock, tells how many there were against
 * the most the interval allows. Only the poll loop's thread uses it.
 */
final class PollTally {
    static final Duration WINDOW = Duration.ofHours(1);

    /** One hourly line: warn when fewer than half the expected polls ran (the loop is starved or stuck). */
    record Line(String message, boolean worrying, LogFields fields) {
    }

    private final Duration interval;
    private Instant windowStart;
    private long attempted;

    PollTally(Instant start, Duration interval) {
        this.windowStart = requireNonNull(start, "start is null");
        this.interval = requireNonNull(interval, "interval is null");
    }

    /** Counts an attempt that ended at {@code now}; returns the line to log when the hour is up, and starts the next. */
    Optional<Line> attempted(Instant now) {
        attempted++;
        Duration elapsed = Duration.between(windowStart, now);
        if (elapsed.compareTo(WINDOW) < 0) {
            return Optional.empty();
        }
        long expected = expected(elapsed, interval);
        Line line = new Line("Polls in the last hour: attempted " + attempted + ", expected about " + expected + ".",
                attempted * 2 < expected,
                LogFields.of("event", "poll-count", "attempted", attempted, "expected", expected));
        windowStart = now;
        attempted = 0;
        return Optional.of(line);
    }

    /** The most polls that fit: the loop waits a whole interval after each poll, which takes time of its own. */
    static long expected(Duration elapsed, Duration interval) {
        return elapsed.toNanos() / interval.toNanos();
    }
}
