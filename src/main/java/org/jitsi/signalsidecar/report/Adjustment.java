package org.jitsi.signalsidecar.report;

/** How flap mitigation bends the assessed state at a given moment. */
public enum Adjustment {
    /** Report the assessed state as it is. */
    NONE,
    /** Recovered, but still within the dampening interval: report unhealthy, {@code healthdamped}. */
    DAMPED,
    /** Soft down within the drain grace: report healthy, {@code drain}, {@code healthdamped}. */
    GRACE
}
