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

    static ConfigException invalid(String name, String value, String expected) {
        return new ConfigException("invalid " + name + "='" + value + "': " + expected);
    }
}
