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

    /**
     * The word as the status file holds it: {@code ready}, {@code drain}, {@code maint} or
     * {@code unhealthy}.
     *
     * @throws IllegalStateException for {@link #NONE} and {@link #OTHER}, which stand for no word
     */
    public String word() {
        return switch (this) {
            case READY, DRAIN, MAINT, UNHEALTHY -> name().toLowerCase(Locale.ROOT);
            case NONE, OTHER -> throw new IllegalStateException("no status word: " + this);
        };
    }

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
