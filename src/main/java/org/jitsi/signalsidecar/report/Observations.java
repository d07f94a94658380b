package org.jitsi.signalsidecar.report;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Everything one poll saw, with peer bodies already reduced to what the report needs.
 *
 * @param time             when the poll finished
 * @param jicofoHealth     {@code GET /about/health}
 * @param jicofoHealthBody its body, at most {@link #MAX_HEALTH_BODY_CHARS} characters
 * @param jicofoStats      {@code GET /stats}
 * @param jicofoCounts     participants and conferences, when {@code /stats} answered 200 with them
 * @param prosodyHealth    {@code GET /http-bind}
 * @param statusFile       the status file
 * @param census           the census, when census polling is on
 */
public record Observations(Instant time,
                           PeerResponse jicofoHealth,
                           String jicofoHealthBody,
                           PeerResponse jicofoStats,
                           Optional<JicofoCounts> jicofoCounts,
                           PeerResponse prosodyHealth,
                           StatusFileReading statusFile,
                           Optional<CensusReading> census) {
    /** {@code jicofoStatusContents} is cut to this length. */
    public static final int MAX_HEALTH_BODY_CHARS = 512;

    public Observations {
        requireNonNull(time, "time is null");
        requireNonNull(jicofoHealth, "jicofoHealth is null");
        requireNonNull(jicofoHealthBody, "jicofoHealthBody is null");
        requireNonNull(jicofoStats, "jicofoStats is null");
        requireNonNull(jicofoCounts, "jicofoCounts is null");
        requireNonNull(prosodyHealth, "prosodyHealth is null");
        requireNonNull(statusFile, "statusFile is null");
        requireNonNull(census, "census is null");
        if (jicofoHealthBody.length() > MAX_HEALTH_BODY_CHARS) {
            jicofoHealthBody = jicofoHealthBody.substring(0, MAX_HEALTH_BODY_CHARS);
        }
    }

    /** The same poll with another reading of the status file. */
    public Observations withStatusFile(StatusFileReading reading) {
        return new Observations(time, jicofoHealth, jicofoHealthBody, jicofoStats, jicofoCounts, prosodyHealth,
                reading, census);
    }

    /** What is known before the first poll: nothing. */
    public static Observations none(Instant time) {
        return new Observations(time, PeerResponse.notPolled(), "", PeerResponse.notPolled(), Optional.empty(),
                PeerResponse.notPolled(), new StatusFileReading(false, "", Optional.empty()), Optional.empty());
    }
}
