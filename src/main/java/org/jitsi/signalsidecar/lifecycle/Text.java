package org.jitsi.signalsidecar.lifecycle;

/** Small text helpers for putting outside text into one log line or report field. */
public final class Text {
    private static final int MAX_DETAIL = 200;

    private Text() {
    }

    /** The first line of a message, shortened: safe to put in a log line or a report. */
    public static String oneLine(String message) {
        if (message == null || message.isBlank()) {
            return "no detail";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > MAX_DETAIL ? line.substring(0, MAX_DETAIL) + "…" : line;
    }
}
