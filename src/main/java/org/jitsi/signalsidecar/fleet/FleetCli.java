package org.jitsi.signalsidecar.fleet;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.jitsi.signalsidecar.config.ConfigException;
import org.jitsi.signalsidecar.config.FleetCommand;
import org.jitsi.signalsidecar.config.SidecarConfig;
import org.jitsi.signalsidecar.consul.ConsulPrefixClient;
import org.jitsi.signalsidecar.lifecycle.Sleeper;
import org.jitsi.signalsidecar.report.ReportTime;

import static java.util.Objects.requireNonNull;

/**
 * {@code signal-sidecar fleet}: the table of every shard of the environment, read from Consul with
 * the sidecar's own Consul settings (address, token, TLS). Exit {@value #FINE} when every shard is
 * fresh and healthy, {@value #NOT_FINE} otherwise, {@value #NO_ANSWER} when Consul does not answer.
 * {@code fleet drain|ready|maint SHARD…} is {@link FleetWrites}.
 */
public final class FleetCli {
    static final int FINE = 0;
    static final int NOT_FINE = 1;
    static final int NO_ANSWER = 2;
    /** How long one request may take. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** Clears a terminal and puts the cursor at its top, before each redraw of {@code --watch}. */
    private static final String CLEAR = "\u001b[H\u001b[2J";

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final Sleeper sleeper;
    private final boolean terminal;

    /**
     * @param terminal whether {@code out} is a terminal, where {@code --watch} clears the screen before each table
     */
    public FleetCli(PrintStream out, PrintStream err, Clock clock, Sleeper sleeper, boolean terminal) {
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        this.terminal = terminal;
    }

    public int run(FleetCommand command, SidecarConfig config) {
        return run(command, config, Long.MAX_VALUE);
    }

    /** As {@link #run(FleetCommand, SidecarConfig)}, a {@code --watch} ending after {@code tables} tables. */
    int run(FleetCommand command, SidecarConfig config, long tables) {
        requireNonNull(command, "command is null");
        requireNonNull(config, "config is null");
        Optional<FleetReader.Prefixes> prefixes = FleetReader.Prefixes.of(config.consul(), command.prefix());
        if (prefixes.isEmpty()) {
            err.println("signal-sidecar: the report key '" + config.consul().reportKey() + "' or the status key '"
                    + config.consul().statusKey() + "' has no parent prefix: set CONSUL_REPORT_KEY and"
                    + " CONSUL_STATUS_KEY as <prefix>/<env>/<shard>, or pass --prefix");
            return ConfigException.EXIT_STATUS;
        }
        try (ConsulPrefixClient client = new ConsulPrefixClient(config.consul(), REQUEST_TIMEOUT)) {
            FleetReader reader = new FleetReader(client, prefixes.get(), config.consul().reportInterval(), clock);
            if (command.set().isPresent()) {
                Duration patience = config.consul().reportInterval().multipliedBy(2).plus(config.timings().cliPatience());
                return new FleetWrites(client, reader, out, err, clock, sleeper)
                        .set(command.set().get(), command.shards(), command.awaitReported(), patience);
            }
            return command.watch() ? watch(reader, command.json(), config.consul().reportInterval(), tables)
                    : show(reader, command.json());
        }
    }

    private int show(FleetReader reader, boolean json) {
        return switch (reader.read()) {
            case FleetReader.Result.Failed failed -> noAnswer(failed.problem());
            case FleetReader.Result.Read read -> print(read.table(), reader.prefixes(), json);
        };
    }

    /**
     * Redraws the table whenever something under the report prefix changes (a blocking query), and
     * at least once per publishing interval, so a report turning stale shows without a write.
     * While Consul does not answer, says so once per attempt and tries again after an interval.
     */
    private int watch(FleetReader reader, boolean json, Duration interval, long tables) {
        long index = 0;
        int status = NO_ANSWER;
        for (long drawn = 0; drawn < tables; ) {
            FleetReader.Result result = reader.read(index, interval);
            switch (result) {
                case FleetReader.Result.Read read -> {
                    if (terminal && !json) {
                        out.print(CLEAR);
                    }
                    status = print(read.table(), reader.prefixes(), json);
                    out.flush();
                    index = read.reportIndex();
                    drawn++;
                }
                case FleetReader.Result.Failed failed -> {
                    status = noAnswer(failed.problem() + " (trying again in " + interval.toSeconds() + " s)");
                    index = 0;
                    drawn++;
                    try {
                        sleeper.sleep(interval, () -> false);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return status;
                    }
                }
            }
        }
        return status;
    }

    private int print(FleetTable table, FleetReader.Prefixes prefixes, boolean json) {
        if (json) {
            out.println(new String(FleetJson.write(table), StandardCharsets.UTF_8));
        } else {
            out.println("Fleet under " + prefixes.reports() + " (desired states under " + prefixes.statuses() + ") at "
                    + ReportTime.format(table.at()) + "; stale: no report for " + FleetTable.STALE_INTERVALS
                    + " publishing intervals");
            out.print(FleetText.render(table));
        }
        return table.allFine() ? FINE : NOT_FINE;
    }

    private int noAnswer(String problem) {
        err.println("signal-sidecar: Consul did not answer: " + problem);
        return NO_ANSWER;
    }
}
