package org.jitsi.signalsidecar.fleet;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.jitsi.signalsidecar.config.ConsulSettings;
import org.jitsi.signalsidecar.consul.ConsulPrefixClient;
import org.jitsi.signalsidecar.consul.ConsulPrefixClient.Listing;

import static java.util.Objects.requireNonNull;

/**
 * Reads the report prefix and the desired-state prefix (one recursive read each) and makes the
 * {@link FleetTable} of that moment. Thread-safe; never throws for what Consul does.
 */
public final class FleetReader {
    private final ConsulPrefixClient client;
    private final Prefixes prefixes;
    private final Duration interval;
    private final Clock clock;

    /**
     * Where the reports and the desired states are.
     *
     * @param reports  the report prefix, ending in {@code /}
     * @param statuses the desired-state prefix, ending in {@code /}
     */
    public record Prefixes(String reports, String statuses) {
        public Prefixes {
            requireNonNull(reports, "reports is null");
            requireNonNull(statuses, "statuses is null");
        }

        /**
         * The parents of the report key and the status key. With {@code reportPrefix} the reports
         * are read there instead, and when both keys name the same environment
         * ({@code signal-report/prod/…}, {@code shard-states/prod/…}) the desired states are read
         * under the same environment as {@code reportPrefix} ({@code signal-report/staging} →
         * {@code shard-states/staging/}), so a table never mixes two environments. Empty when a key
         * has no parent (one segment), since the whole store is no environment.
         */
        public static Optional<Prefixes> of(ConsulSettings settings, Optional<String> reportPrefix) {
            Optional<String> ownReports = parent(settings.reportKey());
            Optional<String> ownStatuses = parent(settings.statusKey());
            if (ownReports.isEmpty() || ownStatuses.isEmpty()) {
                return Optional.empty();
            }
            if (reportPrefix.isEmpty()) {
                return Optional.of(new Prefixes(ownReports.get(), ownStatuses.get()));
            }
            String reports = reportPrefix.get().endsWith("/") ? reportPrefix.get() : reportPrefix.get() + "/";
            String env = lastSegment(ownReports.get());
            String statuses = ownStatuses.get();
            if (lastSegment(statuses).equals(env)) {
                statuses = statuses.substring(0, statuses.length() - env.length() - 1) + lastSegment(reports) + "/";
            }
            return Optional.of(new Prefixes(reports, statuses));
        }

        /** {@code prod} of {@code signal-report/prod/}. */
        private static String lastSegment(String prefix) {
            String trimmed = prefix.substring(0, prefix.length() - 1);
            return trimmed.substring(trimmed.lastIndexOf('/') + 1);
        }

        private static Optional<String> parent(String key) {
            int slash = key.lastIndexOf('/');
            return slash <= 0 ? Optional.empty() : Optional.of(key.substring(0, slash + 1));
        }
    }

    /** One read of the fleet: the table and the index of the report prefix to block on, or why there is none. */
    public sealed interface Result {
        record Read(FleetTable table, long reportIndex, long statusIndex) implements Result {
        }

        record Failed(String problem) implements Result {
        }
    }

    public FleetReader(ConsulPrefixClient client, Prefixes prefixes, Duration interval, Clock clock) {
        this.client = requireNonNull(client, "client is null");
        this.prefixes = requireNonNull(prefixes, "prefixes is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public Prefixes prefixes() {
        return prefixes;
    }

    /** Reads both prefixes now. */
    public Result read() {
        return read(0, Duration.ZERO);
    }

    /**
     * Reads the report prefix once something under it has changed past {@code reportIndex} (or
     * {@code wait} has gone by; at once with index 0), then the desired-state prefix.
     */
    public Result read(long reportIndex, Duration wait) {
        Listing reports = client.list(prefixes.reports(), reportIndex, wait);
        if (reports instanceof Listing.Failed failed) {
            return new Result.Failed("the read of " + prefixes.reports() + " failed: " + failed.problem());
        }
        Listing statuses = client.list(prefixes.statuses(), 0, Duration.ZERO);
        if (statuses instanceof Listing.Failed failed) {
            return new Result.Failed("the read of " + prefixes.statuses() + " failed: " + failed.problem());
        }
        Listing.Found r = (Listing.Found) reports;
        Listing.Found s = (Listing.Found) statuses;
        return new Result.Read(FleetTable.of(prefixes.reports(), r.entries(), prefixes.statuses(), s.entries(),
                clock.instant(), interval), r.index(), s.index());
    }
}
