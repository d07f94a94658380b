package org.jitsi.signalsidecar.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jitsi.signalsidecar.report.StatusWord;

import static java.util.Objects.requireNonNull;

/**
 * {@code fleet [--json] [--watch] [--prefix PREFIX]} shows every shard of the environment from
 * Consul; {@code fleet drain|ready|maint SHARD… [--no-wait] [--prefix PREFIX]} sets their desired state.
 *
 * @param set           the word to write to each shard's desired-state key, or empty to show the table
 * @param shards        the shards to set (the last segment of their keys); empty when showing
 * @param json          print the table as JSON
 * @param watch         redraw the table whenever something under the prefix changes
 * @param prefix        the report prefix to read instead of the parent of the report key
 * @param awaitReported after a write, wait until each shard's report says the word
 */
public record FleetCommand(Optional<StatusWord> set, List<String> shards, boolean json, boolean watch,
                           Optional<String> prefix, boolean awaitReported) {
    /** A shard is one key segment of the characters Consul recommends. */
    private static final Pattern SHARD = Pattern.compile("[A-Za-z0-9,_.-]+");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9,_.-]+(/[A-Za-z0-9,_.-]+)*/?");

    public FleetCommand {
        requireNonNull(set, "set is null");
        shards = List.copyOf(shards);
        requireNonNull(prefix, "prefix is null");
    }

    /** Checks what the parts say together; every problem is one line naming the argument. */
    static FleetCommand of(Optional<StatusWord> set, List<String> shards, boolean json, boolean watch,
                           Optional<String> prefix, boolean noWait) {
        for (String shard : shards) {
            if (!SHARD.matcher(shard).matches()) {
                throw new ConfigException("invalid shard '" + shard + "': expected one key segment of letters,"
                        + " digits and , _ . -");
            }
        }
        if (prefix.isPresent() && !PREFIX.matcher(prefix.get()).matches()) {
            throw new ConfigException("invalid --prefix '" + prefix.get() + "': expected a Consul key prefix such as"
                    + " signal-report/prod");
        }
        if (set.isPresent() && shards.isEmpty()) {
            throw new ConfigException("invalid fleet " + set.get().word() + ": expected one or more shards after it");
        }
        if (set.isPresent() && (json || watch)) {
            throw new ConfigException("invalid argument '" + (json ? "--json" : "--watch") + "': only the fleet table"
                    + " takes it, not fleet " + set.get().word());
        }
        if (set.isEmpty() && noWait) {
            throw new ConfigException("invalid argument '--no-wait': only fleet drain, ready and maint take it");
        }
        return new FleetCommand(set, shards, json, watch, prefix, !noWait);
    }
}
