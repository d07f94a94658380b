package org.jitsi.signalsidecar.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jitsi.signalsidecar.consul.KvEntry;

import static java.util.Objects.requireNonNull;

/**
 * Every shard of an environment, from one read of the report prefix and one of the desired-state
 * prefix: a pure function of the entries, the instant and the publishing interval.
 *
 * @param rows   one per shard, in shard order
 * @param totals the sums and counts shown under the rows
 * @param at     the instant the ages are measured at
 */
public record FleetTable(List<FleetRow> rows, Totals totals, Instant at) {
    /** A report older than this many publishing intervals is stale. */
    public static final int STALE_INTERVALS = 3;

    public FleetTable {
        rows = List.copyOf(rows);
        requireNonNull(totals, "totals is null");
        requireNonNull(at, "at is null");
    }

    /**
     * @param shards       the number of rows
     * @param fine         fresh and healthy
     * @param stale        stale reports
     * @param missing      desired states without a report
     * @param malformed    values that are not reports
     * @param unhealthy    fresh or stale reports that say unhealthy
     * @param disagreeing  desired states the sidecar does not read
     * @param participants the sum over fresh reports
     * @param conferences  the sum over fresh reports
     * @param rooms        the census rooms over fresh reports
     */
    public record Totals(int shards, int fine, int stale, int missing, int malformed, int unhealthy,
                         int disagreeing, long participants, long conferences, long rooms) {
    }

    /** Exit status 0 is for a fleet with shards, every one fine. */
    public boolean allFine() {
        return !rows.isEmpty() && rows.stream().allMatch(FleetRow::fine);
    }

    /**
     * @param reportPrefix the prefix the reports were read under, ending in {@code /}
     * @param reports      the entries under it
     * @param statusPrefix the prefix the desired states were read under, ending in {@code /}
     * @param desired      the entries under that
     * @param now          the instant ages are measured at
     * @param interval     the publishing interval; older than {@value #STALE_INTERVALS} of them is stale
     */
    public static FleetTable of(String reportPrefix, List<KvEntry> reports, String statusPrefix, List<KvEntry> desired,
                                Instant now, Duration interval) {
        Map<String, KvEntry> byShard = shards(reportPrefix, reports);
        Map<String, KvEntry> desiredByShard = shards(statusPrefix, desired);
        TreeSet<String> names = new TreeSet<>(byShard.keySet());
        names.addAll(desiredByShard.keySet());
        Duration staleAfter = interval.multipliedBy(STALE_INTERVALS);
        List<FleetRow> rows = names.stream()
                .map(shard -> row(shard, Optional.ofNullable(byShard.get(shard)),
                        Optional.ofNullable(desiredByShard.get(shard)), now, staleAfter))
                .toList();
        return new FleetTable(rows, totals(rows), now);
    }

    private static FleetRow row(String shard, Optional<KvEntry> report, Optional<KvEntry> desired, Instant now,
                                Duration staleAfter) {
        Optional<String> want = desired.flatMap(KvEntry::value).map(String::strip);
        long desiredIndex = desired.map(KvEntry::modifyIndex).orElse(0L);
        if (report.isEmpty()) {
            return new FleetRow(shard, FleetRow.State.MISSING, Optional.empty(), Optional.empty(), want, desiredIndex,
                    Optional.empty());
        }
        ShardReport parsed;
        try {
            parsed = ShardReport.parse(report.get().value().orElse(""));
        } catch (ShardReport.NotAReport e) {
            return new FleetRow(shard, FleetRow.State.MALFORMED, Optional.empty(), Optional.of(e.getMessage()), want,
                    desiredIndex, Optional.empty());
        }
        Duration age = Duration.between(parsed.time(), now);
        age = age.isNegative() ? Duration.ZERO : age;
        FleetRow.State state = age.compareTo(staleAfter) > 0 ? FleetRow.State.STALE : FleetRow.State.FRESH;
        return new FleetRow(shard, state, Optional.of(parsed), Optional.empty(), want, desiredIndex, Optional.of(age));
    }

    /** The entries by the part of their key after the prefix; the prefix's own (folder) key is left out. */
    private static Map<String, KvEntry> shards(String prefix, List<KvEntry> entries) {
        Map<String, KvEntry> byShard = new TreeMap<>();
        for (KvEntry entry : entries) {
            if (entry.key().startsWith(prefix) && entry.key().length() > prefix.length()) {
                byShard.put(entry.key().substring(prefix.length()), entry);
            }
        }
        return byShard;
    }

    private static Totals totals(List<FleetRow> rows) {
        int fine = 0, stale = 0, missing = 0, malformed = 0, unhealthy = 0, disagreeing = 0;
        long participants = 0, conferences = 0, rooms = 0;
        for (FleetRow row : rows) {
            fine += row.fine() ? 1 : 0;
            disagreeing += row.disagrees() ? 1 : 0;
            unhealthy += row.report().filter(r -> !r.healthy()).isPresent() ? 1 : 0;
            switch (row.state()) {
                case FRESH -> {
                    ShardReport r = row.report().orElseThrow();
                    participants += r.participants().orElse(0);
                    conferences += r.conferences().orElse(0);
                    rooms += r.rooms().orElse(0);
                }
                case STALE -> stale++;
                case MISSING -> missing++;
                case MALFORMED -> malformed++;
            }
        }
        return new Totals(rows.size(), fine, stale, missing, malformed, unhealthy, disagreeing, participants,
                conferences, rooms);
    }
}
