package org.jitsi.signalsidecar.report;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The census as {@code /signal/census} serves it: the latest attempt and the last one that worked.
 *
 * @param latest       the census request of the latest poll
 * @param lastGood     the latest census that parsed, possibly from an earlier poll
 * @param lastGoodTime when that census was taken
 */
public record CensusState(CensusReading latest, Optional<CensusSummary> lastGood, Optional<Instant> lastGoodTime) {
    public CensusState {
        requireNonNull(latest, "latest is null");
        requireNonNull(lastGood, "lastGood is null");
        requireNonNull(lastGoodTime, "lastGoodTime is null");
    }

    /** The state after a poll's census reading, remembering the last good one. */
    static CensusState next(Optional<CensusState> previous, CensusReading reading, Instant time) {
        if (reading.summary().isPresent()) {
            return new CensusState(reading, reading.summary(), Optional.of(time));
        }
        return new CensusState(reading,
                previous.flatMap(CensusState::lastGood),
                previous.flatMap(CensusState::lastGoodTime));
    }

    /** The latest poll's census succeeded. */
    public boolean current() {
        return latest.summary().isPresent();
    }
}
