package org.jitsi.signalsidecar.report;

/**
 * Told about every published snapshot, one at a time and in order, on the publishing thread (the
 * poll loop's, or the status file watch's for an {@linkplain Snapshot#amended() amendment}); must
 * return quickly and not throw.
 */
@FunctionalInterface
public interface SnapshotListener {
    void published(Snapshot previous, Snapshot current);
}
