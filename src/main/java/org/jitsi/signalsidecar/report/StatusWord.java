package org.jitsi.signalsidecar.report;

import java.util.Locale;

/** What an operator (or a Consul watch) can write into the status file. */
public enum StatusWord {
    READY,
    DRAIN,
    MAINT,
    /** Forces the node unhealthy (reported as {@code drain}). */
    UNHEALTHY,
    /** Missing, unreadable or empty file. */
    NONE,
    /** Any other word. */
    OTHER;

    /** Case-insensitive; surrounding white space ignored. */
    public static StatusWord parse(String text) {
        String word = text.strip().toLowerCase(Locale.ROOT);
        return switch (word) {
            case "ready" -> READY;
            case "drain" -> DRAIN;
            case "maint" -> MAINT;
            case "unhealthy" -> UNHEALTHY;
            case "" -> NONE;
            default -> OTHER;
        };
    }
}
