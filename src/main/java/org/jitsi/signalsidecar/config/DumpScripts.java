package org.jitsi.signalsidecar.config;

import java.nio.file.Path;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Optional executables run when the node turns unhealthy, one per component ({@code JICOFO_DUMP}, {@code PROSODY_DUMP}). */
public record DumpScripts(Optional<Path> jicofo, Optional<Path> prosody) {
    public DumpScripts {
        requireNonNull(jicofo, "jicofo is null");
        requireNonNull(prosody, "prosody is null");
    }

    public static DumpScripts none() {
        return new DumpScripts(Optional.empty(), Optional.empty());
    }
}
