package org.jitsi.signalsidecar.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The command line: {@code [--config FILE] [--healthcheck]}.
 *
 * @param configFile  the YAML file named by {@code --config} or {@code SIGNAL_SIDECAR_CONFIG}, if any
 * @param healthcheck probe the running sidecar's {@code /health} and exit 0 or 1 instead of serving
 */
public record CommandLine(Optional<Path> configFile, boolean healthcheck) {
    /** The YAML file read when none is named; a missing one is fine. */
    public static final Path DEFAULT_CONFIG_FILE = Path.of("/etc/jitsi/signal-sidecar/config.yaml");
    static final String CONFIG_FILE_ENV = "SIGNAL_SIDECAR_CONFIG";

    public static CommandLine parse(String[] args, Map<String, String> env) {
        Optional<Path> configFile = Optional.ofNullable(env.get(CONFIG_FILE_ENV))
                .filter(value -> !value.isBlank())
                .map(Path::of);
        boolean healthcheck = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> {
                    if (i + 1 >= args.length || args[i + 1].isBlank()) {
                        throw new ConfigException("invalid --config: expected a file name after it");
                    }
                    configFile = Optional.of(Path.of(args[++i]));
                }
                case "--healthcheck" -> healthcheck = true;
                default -> throw new ConfigException("invalid argument '" + args[i]
                        + "': expected --config FILE or --healthcheck");
            }
        }
        return new CommandLine(configFile, healthcheck);
    }
}
