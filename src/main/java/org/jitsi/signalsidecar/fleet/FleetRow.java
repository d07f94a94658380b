package org.jitsi.signalsidecar.fleet;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One shard of the fleet view.
 *
 * @param shard        the last part of its keys (the report key after the report prefix)
 * @param state        whether its report is fresh, stale, missing or not a report
 * @param report       its published report, when there is one that parses
 * @param problem      why the value under its report key is not a report ({@link State#MALFORMED})
 * @param desired      the value of its desired-state key, when there is one
 * @param desiredIndex the desired-state key's ModifyIndex, 0 when there is no key: the check-and-set of a write
 * @param age          how long ago its report's poll ran (never negative), when there is a report
 */
public record FleetRow(String shard, State state, Optional<ShardReport> report, Optional<String> problem,
                       Optional<String> desired, long desiredIndex, Optional<Duration> age) {
    /** How far a shard's report can be trusted. */
    public enum State {
        /** Younger than three publishing intervals. */
        FRESH,
        /** Older than three publishing intervals: its sidecar (or its publishing) has stopped. */
        STALE,
        /** A desired state but no report at all. */
        MISSING,
        /** The value under its report key is not a signal-sidecar report. */
        MALFORMED
    }

    public FleetRow {
        requireNonNull(shard, "shard is null");
        requireNonNull(state, "state is null");
        requireNonNull(report, "report is null");
        requireNonNull(problem, "problem is null");
        requireNonNull(desired, "desired is null");
        requireNonNull(age, "age is null");
    }

    /** Fresh and healthy: the only rows an exit status 0 allows. */
    public boolean fine() {
        return switch (state) {
            case FRESH -> report.map(ShardReport::healthy).orElse(false);
            case STALE, MISSING, MALFORMED -> false;
        };
    }

    /**
     * A desired state the sidecar does not (yet) read: its report's status file says another word.
     * Without a report, nothing disagrees.
     */
    public boolean disagrees() {
        return desired.isPresent() && report.isPresent()
                && !desired.get().strip().equalsIgnoreCase(report.get().statusFile().strip());
    }
}
