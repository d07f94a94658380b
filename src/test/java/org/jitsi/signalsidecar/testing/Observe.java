package org.jitsi.signalsidecar.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

import org.jitsi.signalsidecar.report.CensusReading;
import org.jitsi.signalsidecar.report.CensusSummary;
import org.jitsi.signalsidecar.report.JicofoCounts;
import org.jitsi.signalsidecar.report.Observations;
import org.jitsi.signalsidecar.report.Outcome;
import org.jitsi.signalsidecar.report.PeerResponse;
import org.jitsi.signalsidecar.report.StatusFileReading;

/**
 * Builds {@link Observations} for tests: starts from a healthy, ready node with 12 participants in
 * 3 conferences, and each method breaks one thing.
 */
public final class Observe {
    private static final Duration FAST = Duration.ofMillis(3);

    private PeerResponse jicofoHealth = PeerResponse.responded(200, FAST);
    private String jicofoHealthBody = "OK";
    private PeerResponse jicofoStats = PeerResponse.responded(200, FAST);
    private Optional<JicofoCounts> counts = Optional.of(new JicofoCounts(12, OptionalLong.of(3)));
    private PeerResponse prosody = PeerResponse.responded(200, FAST);
    private StatusFileReading statusFile = StatusFileReading.read("ready");
    private Optional<CensusReading> census = Optional.empty();

    public static Observe healthy() {
        return new Observe();
    }

    public Observe jicofoHealth(int status) {
        jicofoHealth = PeerResponse.responded(status, FAST);
        return this;
    }

    public Observe jicofoHealthBody(String body) {
        jicofoHealthBody = body;
        return this;
    }

    public Observe jicofoHealth(Outcome failure) {
        jicofoHealth = failed(failure);
        return this;
    }

    public Observe jicofoStats(int status) {
        jicofoStats = PeerResponse.responded(status, FAST);
        return this;
    }

    public Observe jicofoStats(Outcome failure) {
        jicofoStats = failed(failure);
        return this;
    }

    /** /stats answered 200 but its body could not be used. */
    public Observe jicofoStatsGarbage() {
        jicofoStats = PeerResponse.responded(200, FAST).withProblem("stats are not valid JSON");
        counts = Optional.empty();
        return this;
    }

    public Observe participants(long participants) {
        counts = Optional.of(new JicofoCounts(participants, OptionalLong.of(3)));
        return this;
    }

    public Observe prosody(int status) {
        prosody = PeerResponse.responded(status, FAST);
        return this;
    }

    public Observe prosody(Outcome failure) {
        prosody = failed(failure);
        return this;
    }

    public Observe status(String contents) {
        statusFile = StatusFileReading.read(contents);
        return this;
    }

    public Observe statusMissing() {
        statusFile = StatusFileReading.unreadable("/etc/jitsi/shard-status is missing");
        return this;
    }

    public Observe census(int rooms, long participants, long sumSquared) {
        census = Optional.of(new CensusReading(PeerResponse.responded(200, FAST),
                Optional.of(new CensusSummary(rooms, participants, sumSquared, "{\"room_census\":[]}".getBytes()))));
        return this;
    }

    public Observe census(CensusSummary summary) {
        census = Optional.of(new CensusReading(PeerResponse.responded(200, FAST), Optional.of(summary)));
        return this;
    }

    public Observe censusFailed(Outcome failure) {
        census = Optional.of(new CensusReading(failed(failure), Optional.empty()));
        return this;
    }

    public Observe censusFailed(int status) {
        census = Optional.of(new CensusReading(PeerResponse.responded(status, FAST), Optional.empty()));
        return this;
    }

    public Observations at(Instant time) {
        return new Observations(time, jicofoHealth, jicofoHealthBody, jicofoStats, counts, prosody, statusFile, census);
    }

    /**
     * A request that failed this way, as the poller describes it: a timeout names a 1 s limit, any
     * other failure has the outcome's name in lower case as its problem.
     */
    private static PeerResponse failed(Outcome failure) {
        return switch (failure) {
            case REFUSED -> PeerResponse.refused(FAST);
            case TIMED_OUT -> PeerResponse.failed(failure, "no answer within 1000 ms", FAST);
            case FAILED, RESPONDED, NOT_POLLED -> PeerResponse.failed(failure, failure.name().toLowerCase(), FAST);
        };
    }
}
