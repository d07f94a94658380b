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
    public static final ListenerLimits DEFAULTS = from(ConfigSource.defaults(), 4096);

    public ListenerLimits {
        requireNonNull(idleTimeout, "idleTimeout is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
    }

    /**
     * The limits as configured. A cap left empty is fitted to the descriptor limit; together the
     * caps must leave {@link #RESERVED_DESCRIPTORS} descriptors for the sidecar itself, so that
     * clients can never make an accept fail.
     */
    static ListenerLimits from(ConfigSource source, long descriptorLimit) {
        Duration idle = source.seconds(Setting.HTTP_IDLE_TIMEOUT);
        Duration request = source.seconds(Setting.HTTP_REQUEST_TIMEOUT);
        int body = source.wholeNumber(Setting.HTTP_MAX_BODY_SIZE, MAX_BODY_SIZE,
                "expected a number of bytes from 1 to " + MAX_BODY_SIZE);
        long clients = clientDescriptors(descriptorLimit);
        if (clients < 2) {
            throw new ConfigException("the limit on open files (RLIMIT_NOFILE) is " + descriptorLimit
                    + "; the sidecar needs more than " + (RESERVED_DESCRIPTORS + 1)
                    + " (raise LimitNOFILE= or ulimit -n)");
        }
        int http = cap(source, Setting.HTTP_MAX_CONNECTIONS, fittedHttp(descriptorLimit));
        int agent = cap(source, Setting.AGENT_MAX_CONNECTIONS, fittedAgent(descriptorLimit));
        if (http + (long) agent > clients) {
            boolean httpNamed = !source.raw(Setting.HTTP_MAX_CONNECTIONS).isBlank();
            Setting named = httpNamed ? Setting.HTTP_MAX_CONNECTIONS : Setting.AGENT_MAX_CONNECTIONS;
            Setting other = httpNamed ? Setting.AGENT_MAX_CONNECTIONS : Setting.HTTP_MAX_CONNECTIONS;
            int otherCap = httpNamed ? agent : http;
            // name the other cap as the operator named this one: by its variable or by its key
            String otherName = source.name(named).equals(named.legacyName()) && source.raw(other).isBlank()
                    ? other.legacyName() : source.name(other);
            throw source.invalid(named, "expected at most " + Math.max(0, clients - otherCap) + " beside " + otherName
                    + " " + otherCap + ": the limit on open files is " + descriptorLimit + ", of which "
                    + RESERVED_DESCRIPTORS + " are kept for the sidecar itself (or raise LimitNOFILE=)");
        }
        return new ListenerLimits(idle, request, http, agent, body);
    }

    private static int cap(ConfigSource source, Setting setting, int fitted) {
        return source.raw(setting).isBlank()
                ? fitted
                : source.wholeNumber(setting, "expected a whole number of at least 1, or empty to fit the limit on open files");
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
