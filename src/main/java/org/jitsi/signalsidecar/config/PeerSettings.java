package org.jitsi.signalsidecar.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What the poll loop asks and how often.
 *
 * @param jicofoOrigin   base of jicofo's REST API, without trailing slash
 * @param prosodyOrigin  base of prosody's HTTP server, without trailing slash
 * @param statusFile     the file holding {@code ready}, {@code drain}, {@code maint} or {@code unhealthy}
 * @param pollInterval   delay between the end of one poll and the start of the next
 * @param requestTimeout the longest any single peer request may take, connect included
 * @param censusHost     the prosody VirtualHost sent as {@code Host} to {@code /room-census};
 *                       present exactly when census polling is on
 */
public record PeerSettings(URI jicofoOrigin,
                           URI prosodyOrigin,
                           Path statusFile,
                           Duration pollInterval,
                           Duration requestTimeout,
                           Optional<String> censusHost) {
    public PeerSettings {
        requireNonNull(jicofoOrigin, "jicofoOrigin is null");
        requireNonNull(prosodyOrigin, "prosodyOrigin is null");
        requireNonNull(statusFile, "statusFile is null");
        requireNonNull(pollInterval, "pollInterval is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(censusHost, "censusHost is null");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive: " + pollInterval);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive: " + requestTimeout);
        }
    }

    /**
     * Census polling is on. This is the one setting that says so: the first snapshot is built from
     * it, and the report, {@code /signal/census} and the metrics read it from the snapshots.
     */
    public boolean censusEnabled() {
        return censusHost.isPresent();
    }
}
