package org.jitsi.signalsidecar.statusfile;

import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jitsi.signalsidecar.report.StatusFileReading;

import static java.util.Objects.requireNonNull;

/**
 * Runs each poll's status-file read on a platform thread, so that a read blocked in the kernel (a
 * hung NFS mount, a FIFO swapped in after the file-type check) costs only the answer of the poll
 * that started it: the next poll reads on another thread. A thread whose read returns is reused;
 * at most {@value #MAX_BLOCKED} may be blocked at once, beyond that a poll reports the file as
 * unreadable without trying. Blocking file I/O would pin a virtual thread's carrier (there are as
 * many as cores), hence platform threads.
 *
 * <p>Thread safe.
 */
public final class StatusFileReads implements AutoCloseable {
    /** Reads blocked at once before polls stop trying; each holds one thread. */
    public static final int MAX_BLOCKED = 4;

    private final Supplier<StatusFileReading> read;
    private final ThreadPoolExecutor threads;
    /**
     * The bound, counted by reads rather than by the pool's threads: a thread whose read returned
     * is not back waiting for work at once, and the pool would reject the next read meanwhile.
     */
    private final Semaphore reads = new Semaphore(MAX_BLOCKED);

    /** @param read one read of the status file; it may block for ever */
    public StatusFileReads(Supplier<StatusFileReading> read) {
        this.read = requireNonNull(read, "read is null");
        // no queue: a read starts at once on an idle thread or a new one, or not at all
        // a thread whose read just returned may not be idle yet: room for those beside MAX_BLOCKED reads
        this.threads = new ThreadPoolExecutor(0, 2 * MAX_BLOCKED, 1, TimeUnit.MINUTES, new SynchronousQueue<>(),
                Thread.ofPlatform().daemon().name("status-file-reader-", 0).factory());
    }

    /**
     * Starts one read; empty when {@value #MAX_BLOCKED} earlier reads are still blocked. Cancel the
     * future with interruption to abandon the read: an interruptible one (a pipe) ends then.
     */
    public Optional<Future<StatusFileReading>> start() {
        if (!reads.tryAcquire()) {
            return Optional.empty();
        }
        try {
            return Optional.of(threads.submit(() -> {
                try {
                    return read.get();
                } finally {
                    reads.release();
                }
            }));
        } catch (RejectedExecutionException e) {
            reads.release();
            return Optional.empty();
        }
    }

    /** How many reads are under way now, blocked or not. */
    public int running() {
        return MAX_BLOCKED - reads.availablePermits();
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
