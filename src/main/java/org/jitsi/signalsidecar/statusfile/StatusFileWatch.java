package org.jitsi.signalsidecar.statusfile;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * into {@code /var/lib/signal-sidecar}), the directory of the file it points to is watched too,
 * since a write through the link changes only that one.
 *
 * <p>The directories to watch are looked at again after every event and every {@link #RECHECK}
 * ({@link WatchedDirectories}): a directory deleted or moved away and made again (config management
 * does this), or a link's target directory that appears after start, is registered again within
 * that time and the file read at once; no restart is needed. Until then the polls read the file as
 * before, and the watch says so once. It runs on a platform thread of its own
 * ({@code status-file-watch}), so a status file that blocks its reader (a FIFO) stalls only the
 * watch, never a carrier thread.
 */
public final class StatusFileWatch implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StatusFileWatch.class.getName());
    /** Events closer together than this are one write (truncate, write, close, rename). */
    static final Duration SETTLE = Duration.ofMillis(5);
    /** How often, without events, the watch looks for a directory to register (made again, or at last). */
    static final Duration RECHECK = Duration.ofMillis(500);

    private final Path file;
    private final StatusFileReader reader;
    private final SnapshotStore store;
    private final BackgroundLoop loop;
    private final WatchedDirectories directories;
    /** The registered directories; only the watch's thread changes it after start. */
    private final Map<Path, WatchKey> keys = new ConcurrentHashMap<>();
    /** Directories said to be missing or unwatchable, so each is said once. */
    private final Set<Path> missing = ConcurrentHashMap.newKeySet();
    private volatile WatchService service;

    /**
     * @param file  the status file
     * @param store where the amended snapshot goes
     */
    public StatusFileWatch(Path file, SnapshotStore store) {
        this.file = requireNonNull(file, "file is null");
        this.reader = new StatusFileReader(file);
        this.directories = new WatchedDirectories(file);
        this.store = requireNonNull(store, "store is null");
        // closing the service makes a waiting take() throw ClosedWatchServiceException
        this.loop = BackgroundLoop.platform("status-file-watch", Sleeper.system(), this::closeService, this::run);
    }

    /** Starts watching; if this file system cannot watch at all, says why once and leaves it to the polls. */
    public void start() {
        Path dir = file.toAbsolutePath().getParent();
        try {
            service = dir.getFileSystem().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(Level.WARNING, "Cannot watch " + dir + " for changes of the status file (" + e
                    + "); a change is seen at the next poll.");
            return;
        }
        register();
        loop.start();
    }

    /** The watch runs (its directories may still be missing: it registers them when they appear). */
    public boolean watching() {
        return loop.alive();
    }

    /**
     * Registers each wanted directory that is not registered (any more); true if one was. A
     * directory that cannot be registered is said once, until it is registered again.
     */
    private boolean register() {
        keys.entrySet().removeIf(entry -> !entry.getValue().isValid());
        boolean added = false;
        for (Path dir : directories.wanted()) {
            if (keys.containsKey(dir)) {
                continue;
            }
            try {
                keys.put(dir, dir.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE));
                added = true;
                if (missing.remove(dir)) {
                    LOG.log(Level.INFO, "Watching " + dir + " again for changes of the status file.");
                }
            } catch (IOException | RuntimeException e) {
                if (missing.add(dir)) {
                    LOG.log(Level.WARNING, "Cannot watch " + dir + " for changes of the status file (" + e
                            + "); a change is seen at the next poll until it can be watched.");
                }
            }
        }
        return added;
    }

    private void run() {
        try {
            while (!loop.stopping()) {
                WatchKey key = service.poll(RECHECK.toNanos(), TimeUnit.NANOSECONDS);
                boolean changed = false;
                while (key != null) {
                    changed = true;
                    key.pollEvents();
                    if (!key.reset() && key.watchable() instanceof Path gone && missing.add(gone)) {
                        LOG.log(Level.WARNING, "The status file's directory " + gone + " is gone; a change is seen"
                                + " at the next poll until it is back, when it is watched again.");
                    }
                    key = service.poll(SETTLE.toNanos(), TimeUnit.NANOSECONDS);
                }
                // a directory made again (or a link's target directory made at last) may already hold
                // the file: read it whenever one is registered afresh
                if (register() || changed) {
                    store.amendStatusFile(reader.read());
                }
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
