package org.jitsi.signalsidecar.config;

import static java.util.Objects.requireNonNull;

/** How the sidecar logs: the lowest level written and the line format. */
public record LogSettings(Level level, Format format) {
    public LogSettings {
        requireNonNull(level, "level is null");
        requireNonNull(format, "format is null");
    }

    static LogSettings from(ConfigSource source) {
        return new LogSettings(source.choice(Setting.LOG_LEVEL, Level.class), source.choice(Setting.LOG_FORMAT, Format.class));
    }

    /** The legacy {@code LOG_LEVEL} words. */
    public enum Level { DEBUG, INFO, WARN, ERROR }

    /** {@code text}: one human line per event; {@code json}: one JSON object per line. */
    public enum Format { TEXT, JSON }
}
