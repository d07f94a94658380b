package org.jitsi.signalsidecar.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The process's limit on open file descriptors ({@code RLIMIT_NOFILE}: {@code ulimit -n}, systemd's
 * {@code LimitNOFILE=}, {@code prlimit}), read from {@code /proc/self/limits}, which costs one small
 * file read at startup (the JVM's management beans would load a few hundred classes before the agent
 * could bind).
 */
final class DescriptorLimit {
    /** Assumed where {@code /proc} cannot tell: the usual default soft limit. */
    static final long UNKNOWN = 1024;
    private static final String LINE = "Max open files";

    private DescriptorLimit() {
    }

    /** The soft limit now in force. */
    static long current() {
        try {
            return soft(Files.readAllLines(Path.of("/proc/self/limits"))).orElse(UNKNOWN);
        } catch (IOException | SecurityException e) {
            return UNKNOWN;
        }
    }

    /** The soft limit in the lines of {@code /proc/PID/limits}; "unlimited" counts as the largest. */
    static OptionalLong soft(List<String> limits) {
        for (String line : limits) {
            if (line.startsWith(LINE)) {
                String[] fields = line.substring(LINE.length()).strip().split("\\s+");
                if (fields[0].equals("unlimited")) {
                    return OptionalLong.of(Long.MAX_VALUE);
                }
                try {
                    return OptionalLong.of(Long.parseLong(fields[0]));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
