package org.jitsi.signalsidecar.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The Consul KV store: where its HTTP API is, whether the node's status is watched there and whether
 * its report is published there. Both features are off by default; with both off nothing talks to
 * Consul.
 *
 * @param api            {@code http(s)://host:port} of the HTTP API of Consul (its local agent), without a path
 * @param token          the ACL token sent as {@code X-Consul-Token}, if any
 * @param watchStatus    {@code CONSUL_STATUS}: watch {@code statusKey} and write its value to the status file
 * @param statusKey      the KV key holding the status word, e.g. {@code shard-states/prod/shard-1}
 * @param publishReports {@code CONSUL_REPORTS}: put the report to {@code reportKey} every {@code reportInterval}
 * @param reportKey      the KV key the report is written to
 * @param reportInterval time between two publications
 * @param censusReports  {@code CENSUS_REPORTS}: the published report's {@code census} carries the
 *                       census rooms (requires census polling), else it is {@code []}
 * @param watchWait      the {@code wait} of each blocking query; at most {@link #MAX_WAIT}
 */
public record ConsulSettings(URI api,
                             Optional<ConsulToken> token,
                             boolean watchStatus,
                             String statusKey,
                             boolean publishReports,
                             String reportKey,
                             Duration reportInterval,
                             boolean censusReports,
                             Duration watchWait) {
    /** Consul's own default wait; it accepts up to 10 minutes, but load balancers and NATs drop idle connections sooner. */
    public static final Duration MAX_WAIT = Duration.ofMinutes(5);

    public ConsulSettings {
        requireNonNull(api, "api is null");
        requireNonNull(token, "token is null");
        requireNonNull(statusKey, "statusKey is null");
        requireNonNull(reportKey, "reportKey is null");
        requireNonNull(reportInterval, "reportInterval is null");
        requireNonNull(watchWait, "watchWait is null");
        if (api.getHost() == null || api.getPort() < 0 || !(api.getScheme().equals("http")
                || api.getScheme().equals("https")) || !api.getRawPath().isEmpty()) {
            throw new IllegalArgumentException("api must be http(s)://host:port: " + api);
        }
        if (reportInterval.isNegative() || reportInterval.isZero()) {
            throw new IllegalArgumentException("reportInterval must be positive: " + reportInterval);
        }
        if (watchWait.isNegative() || watchWait.isZero() || watchWait.compareTo(MAX_WAIT) > 0) {
            throw new IllegalArgumentException("watchWait must be positive and at most " + MAX_WAIT + ": " + watchWait);
        }
    }

    /** Nothing talks to Consul: the defaults. */
    public static ConsulSettings disabled() {
        return new ConsulSettings(URI.create("http://localhost:8500"), Optional.empty(), false, "shard-state",
                false, "shard-report", Duration.ofSeconds(60), false, MAX_WAIT);
    }

    public boolean enabled() {
        return watchStatus || publishReports;
    }
}
