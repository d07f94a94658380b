package org.jitsi.signalsidecar.report;

/** Told about every published snapshot, on the poll loop's thread; must return quickly and not throw. */
@FunctionalInterface
public interface SnapshotListener {
    void published(Snapshot previous, Snapshot current);
}
