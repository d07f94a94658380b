package org.jitsi.signalsidecar.report;

import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/** The two numbers of jicofo's {@code /stats} the sidecar uses; {@code conferences} may be missing. */
public record JicofoCounts(long participants, OptionalLong conferences) {
    public JicofoCounts {
        requireNonNull(conferences, "conferences is null");
    }
}
