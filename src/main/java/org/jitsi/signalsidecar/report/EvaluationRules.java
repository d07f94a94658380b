package org.jitsi.signalsidecar.report;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The knobs of health evaluation.
 *
 * @param participantMax     a {@code ready} node with more jicofo participants than this is reported as
 *                           {@code drain}; also the capacity the weight is proportional to
 * @param weightParticipants whether the weight follows free capacity (otherwise 100% when ready)
 * @param healthDampening    how long after the last unhealthy poll a recovered node still reports
 *                           unhealthy; zero disables dampening
 * @param drainGrace         how long a soft-down node reports healthy-but-draining before its real
 *                           state; zero disables the grace
 */
public record EvaluationRules(int participantMax,
                              boolean weightParticipants,
                              Duration healthDampening,
                              Duration drainGrace) {
    public EvaluationRules {
        if (participantMax < 1) {
            throw new IllegalArgumentException("participantMax must be at least 1: " + participantMax);
        }
        requireNonNull(healthDampening, "healthDampening is null");
        requireNonNull(drainGrace, "drainGrace is null");
    }
}
