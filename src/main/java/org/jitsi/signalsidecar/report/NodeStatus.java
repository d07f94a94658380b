package org.jitsi.signalsidecar.report;

import java.util.Locale;

/** The drain state reported to consumers. */
public enum NodeStatus {
    READY,
    DRAIN,
    MAINT,
    /** No usable status word: treated as {@code drain} by the agent. */
    UNKNOWN;

    /** The lower-case word of the report's {@code status} field. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
