package org.jitsi.signalsidecar.report;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The census request of one poll and, when it succeeded, what it said. */
public record CensusReading(PeerResponse response, Optional<CensusSummary> summary) {
    public CensusReading {
        requireNonNull(response, "response is null");
        requireNonNull(summary, "summary is null");
    }
}
