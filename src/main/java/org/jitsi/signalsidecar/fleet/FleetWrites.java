package org.jitsi.signalsidecar.fleet;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jitsi.signalsidecar.consul.ConsulPrefixClient;
import org.jitsi.signalsidecar.consul.ConsulPrefixClient.Written;
import org.jitsi.signalsidecar.lifecycle.Sleeper;
import org.jitsi.signalsidecar.report.StatusWord;

import static java.util.Objects.requireNonNull;

/**
 * {@code fleet drain|ready|maint SHARD…}: writes each shard's desired-state key with check-and-set
 * on the ModifyIndex just read (0 for a key not there yet), so a change another operator made in
 * between is reported and never overwritten; then, unless told not to, waits until each written
 * shard's published report says the word. One line per shard; exit 0 when every shard was written
 * (and reports the word), 1 otherwise, 2 when Consul does not answer the first read.
 */
final class FleetWrites {
    /** The pause after a failed read while waiting, so an unreachable Consul is not asked in a loop. */
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final ConsulPrefixClient client;
    private final FleetReader reader;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final Sleeper sleeper;

    FleetWrites(ConsulPrefixClient client, FleetReader reader, PrintStream out, PrintStream err, Clock clock,
                Sleeper sleeper) {
        this.client = requireNonNull(client, "client is null");
        this.reader = requireNonNull(reader, "reader is null");
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
    }

    int set(StatusWord word, List<String> shards, boolean wait, Duration patience) {
        FleetTable table;
        switch (reader.read()) {
            case FleetReader.Result.Failed failed -> {
                err.println("signal-sidecar: Consul did not answer, nothing was written: " + failed.problem());
                return FleetCli.NO_ANSWER;
            }
            case FleetReader.Result.Read read -> {
                table = read.table();
            }
        }
        String text = word.word();
        boolean allWritten = true;
        Set<String> written = new LinkedHashSet<>();
        for (String shard : shards) {
            String key = reader.prefixes().statuses() + shard;
            Optional<FleetRow> row = table.rows().stream().filter(r -> r.shard().equals(shard)).findFirst();
            if (row.isEmpty()) {
                err.println(shard + ": not written: no report under " + reader.prefixes().reports()
                        + " and no desired state under " + reader.prefixes().statuses() + " (a typo?)");
                allWritten = false;
                continue;
            }
            Written result = client.putChecked(key, text.getBytes(StandardCharsets.UTF_8), row.get().desiredIndex());
            switch (result) {
                case Written.Stored stored -> written.add(shard);
                case Written.Lost lost -> {
                    err.println(shard + ": not written: " + key + " changed since it was read (another operator?);"
                            + " nothing was overwritten, look at the fleet again");
                    allWritten = false;
                }
                case Written.Failed failed -> {
                    err.println(shard + ": not written: " + failed.problem());
                    allWritten = false;
                }
            }
        }
        if (!wait) {
            written.forEach(shard -> out.println(shard + ": wrote " + text + " to "
                    + reader.prefixes().statuses() + shard + "."));
            return allWritten ? FleetCli.FINE : FleetCli.NOT_FINE;
        }
        return awaitReports(text, written, patience) && allWritten ? FleetCli.FINE : FleetCli.NOT_FINE;
    }

    /** Waits (blocking queries on the report prefix) until every written shard's report reads {@code text}. */
    private boolean awaitReports(String text, Set<String> pending, Duration patience) {
        Instant deadline = clock.instant().plus(patience);
        Map<String, String> lastSeen = new LinkedHashMap<>();
        long at = 0;
        while (!pending.isEmpty()) {
            Duration left = Duration.between(clock.instant(), deadline);
            // never a wait of 0, which Consul takes as its default of 5 minutes
            FleetReader.Result result = reader.read(at, left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left);
            if (result instanceof FleetReader.Result.Read read) {
                at = read.reportIndex();
                for (FleetRow row : read.table().rows()) {
                    if (!pending.contains(row.shard())) {
                        continue;
                    }
                    Optional<ShardReport> report = row.report();
                    lastSeen.put(row.shard(), report.map(ShardReport::statusFile).orElse("no report"));
                    if (row.state() == FleetRow.State.FRESH
                            && report.filter(r -> r.statusFile().strip().equalsIgnoreCase(text)).isPresent()) {
                        ShardReport r = report.get();
                        out.println(row.shard() + ": wrote " + text + "; its sidecar now reports status " + r.status()
                                + ", weight " + r.weight() + ".");
                        pending.remove(row.shard());
                    }
                }
            }
            if (pending.isEmpty()) {
                return true;
            }
            if (!clock.instant().isBefore(deadline)) {
                break;
            }
            if (result instanceof FleetReader.Result.Failed) {
                at = 0;
                try {
                    sleeper.sleep(RETRY, () -> false);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        for (String shard : pending) {
            err.println(shard + ": wrote " + text + ", but its report still reads '"
                    + FleetText.printable(lastSeen.getOrDefault(shard, "nothing")) + "' after " + patience.toSeconds()
                    + " s: is its sidecar running and watching " + reader.prefixes().statuses() + shard + "?");
        }
        return false;
    }
}
