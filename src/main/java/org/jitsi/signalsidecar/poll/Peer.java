package org.jitsi.signalsidecar.poll;

/** Small text helpers for describing peer failures in one line. */
final class Peer {
    private static final int MAX_DETAIL = 200;

    private Peer() {
    }

    /** The first line of a message, shortened: safe to put in a log line or a report. */
    static String oneLine(String message) {
        if (message == null || message.isBlank()) {
            return "no detail";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return line.length() > MAX_DETAIL ? line.substring(0, MAX_DETAIL) + "…" : line;
    }
}
