package org.jitsi.signalsidecar.lifecycle;

import java.util.Locale;

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

    /**
     * Outside text made harmless to show on a terminal, in a text log line or on a page: control
     * characters (C0 but tab and newline, DEL, C1) and the invisible bidirectional controls
     * (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069), which can make text read
     * backwards or move a terminal's cursor, are written out as hexadecimal escapes: ESC as
     * {@code \x1b}, U+202E as a backslash, {@code u} and {@code 202e}. Everything else is kept.
     */
    public static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (isControl(c)) {
                out.append(String.format(Locale.ROOT, c < 0x80 ? "\\x%02x" : "\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static boolean isControl(int c) {
        return (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c < 0xa0)
                || c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }
}
