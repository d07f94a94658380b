package org.jitsi.signalsidecar.config;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * What the sidecar does when asked to stop (SIGTERM or SIGINT).
 *
 * @param drain the shutdown grace ({@code SHUTDOWN_DRAIN_SECONDS}): how long it first reports the
 *              node draining (agent {@code drain}, HTTP health checks 503) before it stops; zero
 *              stops at once
 */
public record ShutdownSettings(Duration drain) {
    public ShutdownSettings {
        requireNonNull(drain, "drain is null");
    }

    /** The default: stop at once, as the Node.js sidecar did. */
    public static ShutdownSettings immediate() {
        return from(ConfigSource.defaults());
    }

    static ShutdownSettings from(ConfigSource source) {
        return new ShutdownSettings(source.secondsOrOff(Setting.SHUTDOWN_DRAIN));
    }
}
