package org.jitsi.signalsidecar.http.wire;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

import org.jitsi.signalsidecar.config.ListenerLimits;

import static java.util.Objects.requireNonNull;

/**
 * How long an HTTP connection may wait on its client, by what it waits for.
 *
 * @param idle    for the first byte of the next request (a new connection, an idle keep-alive one)
 * @param request for the rest of a request, counted from its first byte
 * @param linger  for the client's close after an answer that refused its body unread
 */
record ReadBounds(Duration idle, Duration request, Duration linger) {
    /** The longest linger: enough for a client on any network to read a short error answer. */
    static final Duration MAX_LINGER = Duration.ofSeconds(1);

    ReadBounds {
        requireNonNull(idle, "idle is null");
        requireNonNull(request, "request is null");
        requireNonNull(linger, "linger is null");
    }

    static ReadBounds of(ListenerLimits limits) {
        Duration linger = limits.requestTimeout().compareTo(MAX_LINGER) < 0 ? limits.requestTimeout() : MAX_LINGER;
        return new ReadBounds(limits.idleTimeout(), limits.requestTimeout(), linger);
    }

    /** How often the bounds are checked: a quarter of the shortest, from 10 ms to 250 ms. */
    Duration checkPeriod() {
        Duration shortest = Collections.min(List.of(idle, request, linger));
        long millis = Math.clamp(shortest.toMillis() / 4, 10, 250);
        return Duration.ofMillis(millis);
    }
}
