package org.jitsi.signalsidecar.report;

/** How one request to a peer ended. */
public enum Outcome {
    /** Not asked yet (before the first poll) or not asked at all (census polling off). */
    NOT_POLLED,
    /** An HTTP response arrived; its status code says the rest. */
    RESPONDED,
    /** Nothing listens: the connection was refused. */
    REFUSED,
    /** No connection or no complete answer within the request timeout. */
    TIMED_OUT,
    /** Anything else: reset, unknown host, protocol error, oversized or broken body. */
    FAILED
}
