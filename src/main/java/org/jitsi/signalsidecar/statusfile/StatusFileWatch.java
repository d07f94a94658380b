package org.jitsi.signalsidecar.statusfile;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.jitsi.signalsidecar.lifecycle.BackgroundLoop;
import org.jitsi.signalsidecar.lifecycle.Sleeper;
import org.jitsi.signalsidecar.report.SnapshotStore;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.util.Objects.requireNonNull;

/**
 * Sees an operator's write to the status file between polls and amends the latest snapshot at
 * once ({@link SnapshotStore#amendStatusFile}), so the agent, the report and the metrics say
 * {@code drain} within milliseconds instead of at the next poll.
 *
 * <p>It watches the file's <em>directory</em> (inotify on Linux): an in-place write, an editor
 * that writes a new file and renames it over the old one, {@code mv} and a swapped symlink all
 * show up there. Any event in the directory leads to one read of the status file once the events
 * of that write have settled ({@link #SETTLE}); an unchanged reading publishes nothing. Only the
 * status file is re-read: the peers' answers stay those of the latest poll, so a hung jicofo
 * cannot delay a drain.
 *
 * <p>When the status file is a symbolic link (the package links {@code /etc/jitsi/shard-status}
 * into {@code /var/lib/signal-sidecar}), the directory of the file it points to at start is watched
 * too, since a write through the link changes only that one; a link later pointed elsewhere is seen
 * when it is swapped, and writes to its new target at the next poll.
 *
 * <p>Polling stays the fallback: when the directory cannot be watched (missing, a file system
 * without change events) or disappears, this logs it once and the next poll reads the file as
 * before. The watch runs on a platform thread of its own ({@code status-file-watch}), so a status file that blocks its reader
 * (a FIFO) stalls only the watch, never a carrier thread.
 */
public final class StatusFileWatch implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StatusFileWatch.class.getName());
    /** Events closer together than this are one write (truncate, write, close, rename). */
    static final Duration SETTLE = Duration.ofMillis(5);

    private final Path file;
    private final StatusFileReader reader;
    private final SnapshotStore store;
    private final BackgroundLoop loop;
    private volatile WatchService service;

    /**
     * @param file  the status file
     * @param store where the amended snapshot goes
     */
    public StatusFileWatch(Path file, SnapshotStore store) {
        this.file = requireNonNull(file, "file is null");
        this.reader = new StatusFileReader(file);
        this.store = requireNonNull(store, "store is null");
        // closing the service makes a waiting take() throw ClosedWatchServiceException
        this.loop = BackgroundLoop.platform("status-file-watch", Sleeper.system(), this::closeService, this::run);
    }

    /** Starts watching; if the directory cannot be watched, says why once and leaves it to the polls. */
    public void start() {
        Path dir = file.toAbsolutePath().getParent();
        try {
            service = dir.getFileSystem().newWatchService();
            dir.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
            Optional<Path> target = linkTargetDirectory().filter(d -> !d.equals(dir));
            if (target.isPresent()) {
                target.get().register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
            }
        } catch (IOException | UnsupportedOperationException e) {
            closeService();
            LOG.log(Level.WARNING, "Cannot watch " + dir + " for changes of the status file (" + e
                    + "); a change is seen at the next poll.");
            return;
        }
        loop.start();
    }

    /** The directory of the file the status file links to, if it is a link whose target exists. */
    private Optional<Path> linkTargetDirectory() {
        try {
            return Files.isSymbolicLink(file) ? Optional.of(file.toRealPath().getParent()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // a dangling link: its directory is watched, the poll reads the rest
        }
    }

    /** The directory is being watched. */
    public boolean watching() {
        return loop.alive();
    }

    private void run() {
        try {
            while (!loop.stopping()) {
                WatchKey key = service.take();
                do {
                    key.pollEvents();
                    if (!key.reset()) {
                        LOG.log(Level.WARNING, "The status file's directory " + file.toAbsolutePath().getParent()
                                + " is gone; a change is seen at the next poll.");
                        return;
                    }
                    key = service.poll(SETTLE.toNanos(), TimeUnit.NANOSECONDS);
                } while (key != null);
                store.amendStatusFile(reader.read());
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private void closeService() {
        try {
            WatchService s = service;
            if (s != null) {
                s.close();
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "Closing the status file watch failed: " + e.getMessage());
        }
    }

    /** Stops watching and waits for the watch's thread to end. */
    @Override
    public void close() {
        loop.close();
        closeService();
    }
}
