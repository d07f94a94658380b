package org.jitsi.signalsidecar.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Optional executables run when the node turns unhealthy, one per component ({@code JICOFO_DUMP},
 * {@code PROSODY_DUMP}), and how long one may run before it is killed ({@code DUMP_TIMEOUT}).
 */
public record DumpScripts(Optional<Path> jicofo, Optional<Path> prosody, Duration timeout) {
    public DumpScripts {
        requireNonNull(jicofo, "jicofo is null");
        requireNonNull(prosody, "prosody is null");
        requireNonNull(timeout, "timeout is null");
    }

    /** Whether any script is configured. */
    public boolean any() {
        return jicofo.isPresent() || prosody.isPresent();
    }

    /** The default: no scripts. */
    public static DumpScripts none() {
        return from(ConfigSource.defaults());
    }

    static DumpScripts from(ConfigSource source) {
        return new DumpScripts(script(source, Setting.JICOFO_DUMP), script(source, Setting.PROSODY_DUMP),
                source.seconds(Setting.DUMP_TIMEOUT));
    }

    private static Optional<Path> script(ConfigSource source, Setting setting) {
        String value = source.text(setting);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path path = Path.of(value);
            if (path.isAbsolute() && Files.isRegularFile(path) && Files.isExecutable(path)) {
                return Optional.of(path);
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        throw source.invalid(setting, "expected the absolute path of an executable file");
    }
}
