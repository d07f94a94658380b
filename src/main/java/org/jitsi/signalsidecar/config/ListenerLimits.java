package org.jitsi.signalsidecar.config;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * What one client may cost the listeners, so that no client (a stuck monitor, a port scanner, an
 * attacker) can take the sidecar's descriptors, threads or memory, or lock others out.
 *
 * @param idleTimeout         how long an HTTP connection may wait for its next request (none sent
 *                            yet, or an idle keep-alive connection) before it is closed
 * @param requestTimeout      how long an HTTP request may take to arrive whole, from its first byte
 *                            to the end of its body, before the connection is closed
 * @param httpMaxConnections  HTTP connections open at once; more wait in the listen queue
 * @param agentMaxConnections agent connections open at once (each lives for one line and the
 *                            client's close); beyond them a connection is answered and closed at once
 * @param maxBodySize         the largest request body taken, in bytes (only the drain-control
 *                            {@code PUT} takes one); a larger one is refused with 413 unread
 */
public record ListenerLimits(Duration idleTimeout,
                             Duration requestTimeout,
                             int httpMaxConnections,
                             int agentMaxConnections,
                             int maxBodySize) {
    /**
     * Descriptors kept for the sidecar itself when the connection caps are fitted to the
     * descriptor limit: the JVM's own files, the peers' connections, the status file and its
     * watch, the listeners, the Consul client, dump scripts.
     */
    public static final int RESERVED_DESCRIPTORS = 256;
    /** The most connections a fitted cap allows per listener: far more than a fleet's checks need. */
    public static final int MAX_FITTED_CONNECTIONS = 1024;
    /** The largest body size that may be configured. */
    public static final int MAX_BODY_SIZE = 1024 * 1024;

    /** The defaults, as on a host whose descriptor limit is the shipped unit's 4096. */
    public static final ListenerLimits DEFAULTS = new ListenerLimits(Duration.ofSeconds(30), Duration.ofSeconds(10),
            fittedHttp(4096), fittedAgent(4096), 1024);

    public ListenerLimits {
        requireNonNull(idleTimeout, "idleTimeout is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        if (!idleTimeout.isPositive() || !requestTimeout.isPositive()) {
            throw new IllegalArgumentException("timeouts must be positive: " + idleTimeout + ", " + requestTimeout);
        }
        if (httpMaxConnections < 1 || agentMaxConnections < 1) {
            throw new IllegalArgumentException("connection caps must be at least 1: " + httpMaxConnections + ", "
                    + agentMaxConnections);
        }
        if (maxBodySize < 1 || maxBodySize > MAX_BODY_SIZE) {
            throw new IllegalArgumentException("maxBodySize out of range: " + maxBodySize);
        }
    }

    /** Descriptors left for clients under this limit ({@code RLIMIT_NOFILE}); 0 when the limit is too low. */
    public static long clientDescriptors(long descriptorLimit) {
        return Math.max(0, descriptorLimit - RESERVED_DESCRIPTORS);
    }

    /** The HTTP cap fitted to the descriptor limit: three quarters of what clients may use. */
    public static int fittedHttp(long descriptorLimit) {
        return (int) Math.min(MAX_FITTED_CONNECTIONS, clientDescriptors(descriptorLimit) * 3 / 4);
    }

    /** The agent cap fitted to the descriptor limit: the other quarter (agent connections are brief). */
    public static int fittedAgent(long descriptorLimit) {
        return (int) Math.min(MAX_FITTED_CONNECTIONS, clientDescriptors(descriptorLimit) / 4);
    }

    /** The same limits with other timeouts (tests). */
    public ListenerLimits withTimeouts(Duration idle, Duration request) {
        return new ListenerLimits(idle, request, httpMaxConnections, agentMaxConnections, maxBodySize);
    }
}
