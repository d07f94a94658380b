package org.jitsi.signalsidecar.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The command line: {@code [--config FILE] [--healthcheck | status [--json] | drain|ready|maint [--no-wait]]}.
 *
 * @param configFile  the YAML file named by {@code --config} or {@code SIGNAL_SIDECAR_CONFIG}, if any
 * @param healthcheck probe the running sidecar's {@code /health} and exit 0 or 1 instead of serving
 * @param command     an operator command for the running sidecar, instead of serving
 */
public record CommandLine(Optional<Path> configFile, boolean healthcheck, Optional<Command> command) {
    /** The YAML file read when none is named; a missing one is fine. */
    public static final Path DEFAULT_CONFIG_FILE = Path.of("/etc/jitsi/signal-sidecar/config.yaml");
    static final String CONFIG_FILE_ENV = "SIGNAL_SIDECAR_CONFIG";
    private static final String EXPECTED = "expected --config FILE, --healthcheck, status [--json],"
            + " or drain, ready or maint [--no-wait]";

    public CommandLine {
        requireNonNull(configFile, "configFile is null");
        requireNonNull(command, "command is null");
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
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> {
                    if (i + 1 >= args.length || args[i + 1].isBlank()) {
                        throw new ConfigException("invalid --config: expected a file name after it");
                    }
                    configFile = Optional.of(Path.of(args[++i]));
                }
                case "--healthcheck" -> healthcheck = true;
                case "status", "ready", "drain", "maint" -> {
                    if (verb.isPresent()) {
                        throw new ConfigException("invalid argument '" + args[i] + "': one command at a time");
                    }
                    verb = Optional.of(Verb.valueOf(args[i].toUpperCase(Locale.ROOT)));
                }
                case "--json" -> json = true;
                case "--no-wait" -> noWait = true;
                default -> throw new ConfigException("invalid argument '" + args[i] + "': " + EXPECTED);
            }
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
