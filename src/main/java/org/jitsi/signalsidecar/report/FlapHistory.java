package org.jitsi.signalsidecar.report;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What flap mitigation remembers between polls: whether the node was ever healthy, and the latest
 * unhealthy episode (a run of consecutive unhealthy polls). Immutable; {@link #after} gives the
 * next state, {@link #adjustmentAt} decides what to report at a moment.
 */
public record FlapHistory(boolean everHealthy, Optional<Episode> episode) {
    public FlapHistory {
        requireNonNull(episode, "episode is null");
    }

    /**
     * @param start         the first unhealthy poll
     * @param lastUnhealthy the latest unhealthy poll
     * @param end           the first healthy poll after it; empty while the episode goes on
     * @param softOnly      every poll of the episode was soft down
     * @param graceEligible the node had been healthy before the episode began
     */
    public record Episode(Instant start, Instant lastUnhealthy, Optional<Instant> end, boolean softOnly,
                          boolean graceEligible) {
        public Episode {
            requireNonNull(start, "start is null");
            requireNonNull(lastUnhealthy, "lastUnhealthy is null");
            requireNonNull(end, "end is null");
        }

        boolean ongoing() {
            return end.isEmpty();
        }
    }

    /** At startup: never healthy, no episode, so no window is active whatever the intervals. */
    public static FlapHistory initial() {
        return new FlapHistory(false, Optional.empty());
    }

    /** The history once a poll finished at {@code time} with this assessment. */
    public FlapHistory after(Assessment assessment, Instant time) {
        Optional<Episode> ongoing = episode.filter(Episode::ongoing);
        if (assessment.healthy()) {
            Optional<Episode> closed = ongoing.map(e ->
                    new Episode(e.start(), e.lastUnhealthy(), Optional.of(time), e.softOnly(), e.graceEligible()));
            return new FlapHistory(true, closed.or(() -> episode));
        }
        Episode next = ongoing
                .map(e -> new Episode(e.start(), time, Optional.empty(), e.softOnly() && assessment.softDown(),
                        e.graceEligible()))
                .orElseGet(() -> new Episode(time, time, Optional.empty(), assessment.softDown(), everHealthy));
        return new FlapHistory(everHealthy, Optional.of(next));
    }

    /**
     * What to report at {@code now}.
     * <ul>
     *     <li>During a soft-only episode of a node that was healthy before: {@link Adjustment#GRACE}
     *     while {@code now < start + drainGrace}.</li>
     *     <li>After an episode: {@link Adjustment#DAMPED} while {@code now <= lastUnhealthy + healthDampening},
     *     unless the episode was soft-only and ended within the grace (the consumers never saw it
     *     unhealthy, so there is nothing to dampen).</li>
     * </ul>
     */
    public Adjustment adjustmentAt(Instant now, EvaluationRules rules) {
        if (episode.isEmpty()) {
            return Adjustment.NONE;
        }
        Episode e = episode.get();
        Instant graceEnd = e.start().plus(rules.drainGrace());
        boolean graced = e.graceEligible() && e.softOnly();
        if (e.ongoing()) {
            return graced && now.isBefore(graceEnd) ? Adjustment.GRACE : Adjustment.NONE;
        }
        boolean recoveredWithinGrace = graced && e.end().get().isBefore(graceEnd);
        if (rules.healthDampening().isZero() || recoveredWithinGrace) {
            return Adjustment.NONE;
        }
        return now.isAfter(e.lastUnhealthy().plus(rules.healthDampening())) ? Adjustment.NONE : Adjustment.DAMPED;
    }
}
