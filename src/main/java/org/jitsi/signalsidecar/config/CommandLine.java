package org.jitsi.signalsidecar.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jitsi.signalsidecar.report.StatusWord;

import static java.util.Objects.requireNonNull;

/**
 * The command line: {@code [--config FILE] [--healthcheck | status [--json] | drain|ready|maint [--no-wait]
 * | fleet [--json] [--watch] [--prefix P] | fleet drain|ready|maint SHARD… [--no-wait] [--prefix P]]}.
 *
 * @param configFile  the YAML file named by {@code --config} or {@code SIGNAL_SIDECAR_CONFIG}, if any
 * @param healthcheck probe the running sidecar's {@code /health} and exit 0 or 1 instead of serving
 * @param command     an operator command for the running sidecar, instead of serving
 * @param fleet       the fleet view or a change of shards' desired states in Consul, instead of serving
 */
public record CommandLine(Optional<Path> configFile, boolean healthcheck, Optional<Command> command,
                          Optional<FleetCommand> fleet) {
    /** The YAML file read when none is named; a missing one is fine. */
    public static final Path DEFAULT_CONFIG_FILE = Path.of("/etc/jitsi/signal-sidecar/config.yaml");
    static final String CONFIG_FILE_ENV = "SIGNAL_SIDECAR_CONFIG";
    private static final String EXPECTED = "expected --config FILE, --healthcheck, status [--json],"
            + " drain, ready or maint [--no-wait], or fleet [drain|ready|maint SHARD...]";

    public CommandLine {
        requireNonNull(configFile, "configFile is null");
        requireNonNull(command, "command is null");
        requireNonNull(fleet, "fleet is null");
    }

    /** Serving, probing or an operator command, without the fleet. */
    public CommandLine(Optional<Path> configFile, boolean healthcheck, Optional<Command> command) {
        this(configFile, healthcheck, command, Optional.empty());
    }

    /** Serving (or probing) without an operator command. */
    public CommandLine(Optional<Path> configFile, boolean healthcheck) {
        this(configFile, healthcheck, Optional.empty());
    }

    /** What an operator asks of the running sidecar. */
    public enum Verb {
        STATUS, READY, DRAIN, MAINT;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param verb  what to do
     * @param json  {@code status}: print the raw report instead of a summary
     * @param awaitReported {@code drain|ready|maint}: wait until the running sidecar reports the new word
     */
    public record Command(Verb verb, boolean json, boolean awaitReported) {
        public Command {
            requireNonNull(verb, "verb is null");
        }
    }

    public static CommandLine parse(String[] args, Map<String, String> env) {
        Optional<Path> configFile = Optional.ofNullable(env.get(CONFIG_FILE_ENV))
                .filter(value -> !value.isBlank())
                .map(Path::of);
        boolean healthcheck = false;
        Optional<Verb> verb = Optional.empty();
        boolean json = false;
        boolean noWait = false;
        boolean fleet = false;
        boolean watch = false;
        Optional<String> prefix = Optional.empty();
        Optional<StatusWord> fleetSet = Optional.empty();
        List<String> shards = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (fleet && fleetSet.isPresent() && !args[i].startsWith("-")) {
                shards.add(args[i]);
                continue;
            }
            switch (args[i]) {
                case "--config" -> {
                    if (i + 1 >= args.length || args[i + 1].isBlank()) {
                        throw new ConfigException("invalid --config: expected a file name after it");
                    }
                    configFile = Optional.of(Path.of(args[++i]));
                }
                case "--healthcheck" -> healthcheck = true;
                case "fleet" -> {
                    if (verb.isPresent() || fleet) {
                        throw new ConfigException("invalid argument 'fleet': one command at a time");
                    }
                    fleet = true;
                }
                case "ready", "drain", "maint" -> {
                    if (fleet) {
                        fleetSet = Optional.of(StatusWord.parse(args[i]));
                    } else if (verb.isPresent()) {
                        throw new ConfigException("invalid argument '" + args[i] + "': one command at a time");
                    } else {
                        verb = Optional.of(Verb.valueOf(args[i].toUpperCase(Locale.ROOT)));
                    }
                }
                case "--watch" -> watch = true;
                case "--prefix" -> {
                    if (i + 1 >= args.length || args[i + 1].isBlank()) {
                        throw new ConfigException("invalid --prefix: expected a Consul key prefix after it");
                    }
                    prefix = Optional.of(args[++i]);
                }
                case "status" -> {
                    if (verb.isPresent() || fleet) {
                        throw new ConfigException("invalid argument '" + args[i] + "': one command at a time");
                    }
                    verb = Optional.of(Verb.valueOf(args[i].toUpperCase(Locale.ROOT)));
                }
                case "--json" -> json = true;
                case "--no-wait" -> noWait = true;
                default -> throw new ConfigException("invalid argument '" + args[i] + "': " + EXPECTED);
            }
        }
        if (fleet) {
            if (healthcheck) {
                throw new ConfigException("invalid argument '--healthcheck': not together with a command");
            }
            return new CommandLine(configFile, false, Optional.empty(),
                    Optional.of(FleetCommand.of(fleetSet, shards, json, watch, prefix, noWait)));
        }
        if (watch || prefix.isPresent()) {
            throw new ConfigException("invalid argument '" + (watch ? "--watch" : "--prefix") + "': only fleet takes it");
        }
        if (json && verb.filter(v -> v == Verb.STATUS).isEmpty()) {
            throw new ConfigException("invalid argument '--json': only status takes it");
        }
        if (noWait && verb.filter(v -> v != Verb.STATUS).isEmpty()) {
            throw new ConfigException("invalid argument '--no-wait': only drain, ready and maint take it");
        }
        if (healthcheck && verb.isPresent()) {
            throw new ConfigException("invalid argument '--healthcheck': not together with a command");
        }
        boolean asJson = json;
        boolean wait = !noWait;
        return new CommandLine(configFile, healthcheck, verb.map(v -> new Command(v, asJson, wait)));
    }
}
