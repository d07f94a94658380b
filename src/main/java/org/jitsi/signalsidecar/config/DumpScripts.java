package org.jitsi.signalsidecar.config;

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
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
    }

    public static DumpScripts none() {
        return new DumpScripts(Optional.empty(), Optional.empty(), Duration.ofMinutes(1));
    }
}
