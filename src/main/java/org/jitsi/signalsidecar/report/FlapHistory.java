package org.jitsi.signalsidecar.report;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What flap mitigation remembers between polls: whether the node was ever healthy, the unhealthy
 * episode under way (a run of consecutive unhealthy polls), and until when a recovered node is
 * still reported unhealthy. Immutable; {@link #after} gives the next state, {@link #adjustmentAt}
 * decides what to report at a moment.
 *
 * @param everHealthy  some poll found the node healthy
 * @param ongoing      the episode under way, if the latest poll was unhealthy
 * @param dampedUntil  a recovered node reports unhealthy up to and including this instant
 */
public record FlapHistory(boolean everHealthy, Optional<Episode> ongoing, Optional<Instant> dampedUntil) {
    public FlapHistory {
        requireNonNull(ongoing, "ongoing is null");
        requireNonNull(dampedUntil, "dampedUntil is null");
    }

    /**
     * @param start         the first unhealthy poll
     * @param lastUnhealthy the latest unhealthy poll
     * @param softOnly      every poll of the episode was soft down
     * @param graceEligible consumers saw the node healthy when the episode began: it had been
     *                      healthy before and was not being dampened
     */
    public record Episode(Instant start, Instant lastUnhealthy, boolean softOnly, boolean graceEligible) {
        public Episode {
            requireNonNull(start, "start is null");
            requireNonNull(lastUnhealthy, "lastUnhealthy is null");
        }

        boolean graced(EvaluationRules rules, Instant at) {
            return graceEligible && softOnly && at.isBefore(start.plus(rules.drainGrace()));
        }
    }

    /** At startup: never healthy, nothing to dampen, so no window is active whatever the intervals. */
    public static FlapHistory initial() {
        return new FlapHistory(false, Optional.empty(), Optional.empty());
    }

    /**
     * The history once a poll finished at {@code time} with this assessment. An episode that ends
     * is dampened from its last unhealthy poll on, unless it was soft-only and ended within the
     * grace: then consumers never saw the node unhealthy and there is nothing to dampen.
     */
    public FlapHistory after(Assessment assessment, Instant time, EvaluationRules rules) {
        if (assessment.healthy()) {
            // a later episode always ends later, so its window replaces any earlier one
            Optional<Instant> until = ongoing
                    .filter(e -> !rules.healthDampening().isZero() && !e.graced(rules, time))
                    .map(e -> e.lastUnhealthy().plus(rules.healthDampening()))
                    .or(() -> dampedUntil);
            return new FlapHistory(true, Optional.empty(), until);
        }
        Episode next = ongoing
                .map(e -> new Episode(e.start(), time, e.softOnly() && assessment.softDown(), e.graceEligible()))
                .orElseGet(() -> new Episode(time, time, assessment.softDown(),
                        everHealthy && adjustmentAt(time, rules) == Adjustment.NONE));
        return new FlapHistory(everHealthy, Optional.of(next), dampedUntil);
    }

    /**
     * What to report at {@code now}: {@link Adjustment#GRACE} during a soft-only episode while
     * {@code now < start + drainGrace}; {@link Adjustment#DAMPED} after an episode while
     * {@code now <= dampedUntil}; otherwise {@link Adjustment#NONE}.
     */
    public Adjustment adjustmentAt(Instant now, EvaluationRules rules) {
        if (ongoing.isPresent()) {
            return ongoing.get().graced(rules, now) ? Adjustment.GRACE : Adjustment.NONE;
        }
        return dampedUntil.filter(until -> !now.isAfter(until)).isPresent() ? Adjustment.DAMPED : Adjustment.NONE;
    }

    /**
     * The first instant after {@code now} at which {@link #adjustmentAt} answers differently without
     * another poll: the end of the drain grace, or the instant after {@code dampedUntil}. Empty when
     * only a poll can change the answer.
     */
    public Optional<Instant> nextChange(Instant now, EvaluationRules rules) {
        if (ongoing.isPresent()) {
            Episode episode = ongoing.get();
            return episode.graced(rules, now) ? Optional.of(episode.start().plus(rules.drainGrace())) : Optional.empty();
        }
        return dampedUntil.filter(until -> !now.isAfter(until)).map(until -> until.plusNanos(1));
    }
}
