package org.jitsi.signalsidecar.config;

/**
 * A configuration value that cannot be used. The message is one line naming the key (the legacy
 * environment name when the value came from the environment), the value and what was expected;
 * {@code Main} prints it and exits with {@link #EXIT_STATUS}.
 */
public final class ConfigException extends RuntimeException {
    /** EX_CONFIG from sysexits.h: systemd's {@code RestartPreventExitStatus=78} relies on it. */
    public static final int EXIT_STATUS = 78;

    public ConfigException(String message) {
        super(message, null, false, false);
    }

    /** Values are shown at most this long. */
    static final int MAX_VALUE_CHARS = 200;

    static ConfigException invalid(String name, String value, String expected) {
        return new ConfigException("invalid " + name + "='" + shown(value) + "': " + expected);
    }

    /**
     * The value as the message shows it: control characters escaped as in Java ({@code \n}, or
     * backslash, {@code u} and four hex digits),
     * so the message stays one line, and cut after {@value #MAX_VALUE_CHARS} characters.
     */
    static String shown(String value) {
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < value.length() && i < MAX_VALUE_CHARS; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> shown.append("\\n");
                case '\r' -> shown.append("\\r");
                case '\t' -> shown.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        shown.append(String.format("\\u%04x", (int) c));
                    } else {
                        shown.append(c);
                    }
                }
            }
        }
        return value.length() > MAX_VALUE_CHARS ? shown + "…" : shown.toString();
    }

    /** The innermost cause: Helidon wraps what the YAML parser said in a few layers. */
    static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The first line of what the innermost cause says, as a message may show it. */
    static String firstLine(Throwable e) {
        String message = String.valueOf(rootCause(e).getMessage());
        int newline = message.indexOf('\n');
        return shown(newline < 0 ? message : message.substring(0, newline));
    }
}
