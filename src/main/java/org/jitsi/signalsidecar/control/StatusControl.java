package org.jitsi.signalsidecar.control;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jitsi.signalsidecar.lifecycle.LogFields;
import org.jitsi.signalsidecar.report.Snapshot;
import org.jitsi.signalsidecar.report.SnapshotListener;
import org.jitsi.signalsidecar.report.SnapshotStore;
import org.jitsi.signalsidecar.report.StatusWord;
import org.jitsi.signalsidecar.statusfile.StatusFileWriter;

import static java.util.Objects.requireNonNull;

/**
 * Changes the node's status word on an operator's request: writes the status file (atomically,
 * through {@link StatusFileWriter}), wakes the poll loop so the word is published at once, and waits
 * until it is (or {@code publishTimeout} passes). One change at a time, so each one's log line names
 * the word it replaced.
 */
public final class StatusControl implements SnapshotListener {
    private static final System.Logger LOG = System.getLogger(StatusControl.class.getName());

    private final StatusFileWriter writer;
    private final SnapshotStore store;
    private final Runnable pollNow;
    private final Duration publishTimeout;
    private final ReentrantLock changing = new ReentrantLock();
    private final ReentrantLock publishing = new ReentrantLock();
    private final Condition published = publishing.newCondition();

    /** What a change did. */
    public record Change(String previous, String current, boolean inEffect) {
    }

    /**
     * @param writer         writes the status file
     * @param store          where the poll loop publishes what it read
     * @param pollNow        asks the poll loop for a poll at once (the loop's {@code pollNow})
     * @param publishTimeout how long {@link #set} waits for a poll to publish the new word
     */
    public StatusControl(StatusFileWriter writer, SnapshotStore store, Runnable pollNow, Duration publishTimeout) {
        this.writer = requireNonNull(writer, "writer is null");
        this.store = requireNonNull(store, "store is null");
        this.pollNow = requireNonNull(pollNow, "pollNow is null");
        this.publishTimeout = requireNonNull(publishTimeout, "publishTimeout is null");
        store.addListener(this);
    }

    /**
     * The status word of the latest poll: {@code ready}, {@code drain}, {@code maint},
     * {@code unhealthy}, or {@code unknown} when the file was missing, empty, unreadable or held
     * another word (and before the first poll).
     */
    public String current() {
        return word(store.current());
    }

    /**
     * Writes {@code word} for {@code client} and waits until a poll has published it.
     *
     * @param word   ready, drain or maint
     * @param client who asked, for the log
     * @throws IOException when the status file cannot be written (the message names it and why)
     */
    public Change set(StatusWord word, String client) throws IOException {
        requireNonNull(word, "word is null");
        requireNonNull(client, "client is null");
        String next = switch (word) {
            case READY, DRAIN, MAINT -> word.word();
            case UNHEALTHY, NONE, OTHER -> throw new IllegalArgumentException("not a word to set over HTTP: " + word);
        };
        changing.lock();
        try {
            String previous = current();
            try {
                writer.write(word);
            } catch (IOException e) {
                LOG.log(Level.ERROR, "Status change to " + next + " asked by " + client + " failed: " + e.getMessage(),
                        LogFields.of("event", "status-control", "client", client, "status", next,
                                "previousStatus", previous, "ok", false));
                throw e;
            }
            pollNow.run();
            boolean inEffect = awaitPublished(next);
            LOG.log(Level.INFO, "Status set to " + next + " (was " + previous + ") over HTTP by " + client
                            + (inEffect ? "." : "; no poll has published it yet."),
                    LogFields.of("event", "status-control", "client", client, "status", next,
                            "previousStatus", previous, "ok", true));
            return new Change(previous, next, inEffect);
        } finally {
            changing.unlock();
        }
    }

    private boolean awaitPublished(String word) {
        long left = publishTimeout.toNanos();
        publishing.lock();
        try {
            while (!current().equals(word)) {
                if (left <= 0) {
                    return false;
                }
                left = published.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            publishing.unlock();
        }
    }

    @Override
    public void published(Snapshot previous, Snapshot current) {
        publishing.lock();
        try {
            published.signalAll();
        } finally {
            publishing.unlock();
        }
    }

    private static String word(Snapshot snapshot) {
        StatusWord word = snapshot.observations().statusFile().word();
        return switch (word) {
            case READY, DRAIN, MAINT, UNHEALTHY -> word.word();
            case NONE, OTHER -> "unknown";
        };
    }
}
