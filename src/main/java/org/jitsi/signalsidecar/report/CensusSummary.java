package org.jitsi.signalsidecar.report;

import static java.util.Objects.requireNonNull;

/**
 * One parsed {@code /room-census} answer.
 *
 * @param rooms                   number of rooms listed
 * @param participants            sum of the rooms' participants (negative counts count as 0)
 * @param sumSquaredParticipants  sum of the squares of the same
 * @param json                    {@code {"room_census":[…]}}, the rooms as prosody sent them (extra
 *                                fields kept), ready to serve; never modified
 */
public record CensusSummary(int rooms, long participants, long sumSquaredParticipants, byte[] json) {
    public CensusSummary {
        requireNonNull(json, "json is null");
    }
}
