package org.jitsi.signalsidecar.lifecycle;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static java.util.Objects.requireNonNull;

/**
 * One background activity on a named thread of its own, the only way the sidecar runs one. Its
 * body runs once, from {@link #start()}, and loops while {@link #stopping()} is false, waiting
 * between rounds with {@link #pause}, which goes through an injected {@link Sleeper}.
 * {@link #close()} stops it: it signals the stop, unblocks a call the body may be blocked in
 * (the {@code unblock} action, then an interrupt), and waits up to {@link #STOP_WAIT} for the
 * thread to end.
 *
 * <p>A loop is built without a thread; nothing runs before {@link #start()}. A loop closed before
 * it started never starts.
 */
public final class BackgroundLoop implements AutoCloseable {
    /** How long {@link #close()} waits for the body to finish what it is doing. */
    public static final Duration STOP_WAIT = Duration.ofSeconds(5);
    /** A pause that only {@link #wake()} or {@link #close()} ends (or, at worst, a day). */
    public static final Duration UNTIL_WOKEN = Duration.ofDays(1);
    private static final System.Logger LOG = System.getLogger(BackgroundLoop.class.getName());

    /** What the loop runs: typically {@code while (!loop.stopping()) { ...; loop.pause(...); }}. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private final String name;
    private final Thread.Builder builder;
    private final Sleeper sleeper;
    private final Runnable unblock;
    private final Body body;
    private final AtomicBoolean woken = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean stopping;
    private volatile Thread thread;

    private BackgroundLoop(String name, Thread.Builder builder, Sleeper sleeper, Runnable unblock, Body body) {
        this.name = requireNonNull(name, "name is null");
        this.builder = builder.name(name);
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        this.unblock = requireNonNull(unblock, "unblock is null");
        this.body = requireNonNull(body, "body is null");
    }

    /** A loop on a virtual thread: for bodies that wait on the network or pause. */
    public static BackgroundLoop virtual(String name, Sleeper sleeper, Body body) {
        return virtual(name, sleeper, () -> { }, body);
    }

    /**
     * A loop on a virtual thread whose body blocks in a call that {@code unblock} ends (e.g. an
     * accept that closing its channel ends).
     */
    public static BackgroundLoop virtual(String name, Sleeper sleeper, Runnable unblock, Body body) {
        return new BackgroundLoop(name, Thread.ofVirtual(), sleeper, unblock, body);
    }

    /**
     * A loop on a daemon platform thread: for bodies blocked in calls that would pin a carrier
     * (a selector, a file system watch, a read that may never return).
     *
     * @param unblock makes the call the body is blocked in return, e.g. closes its channel
     */
    public static BackgroundLoop platform(String name, Sleeper sleeper, Runnable unblock, Body body) {
        return new BackgroundLoop(name, Thread.ofPlatform().daemon(), sleeper, unblock, body);
    }

    public String name() {
        return name;
    }

    /** Starts the thread; once. */
    public synchronized void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the loop " + name + " was started already");
        }
        if (!stopping) {
            // known before it runs: a wake() from another thread the moment the body first pauses
            // must find the thread to unpark, or that pause would last its whole delay
            thread = builder.unstarted(this::run);
            thread.start();
        }
    }

    private void run() {
        try {
            body.run();
        } catch (InterruptedException e) {
            // stopped while waiting
        } catch (Exception | Error e) {
            if (!stopping) {
                LOG.log(Level.ERROR, "The background loop " + name + " ended unexpectedly.", e);
            }
        }
    }

    /** {@link #close()} was called: the body should return. */
    public boolean stopping() {
        return stopping;
    }

    /** The loop's thread is alive. */
    public boolean alive() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /**
     * Waits {@code delay}, or less when {@link #wake()} or {@link #close()} ends the wait; a
     * {@link #wake()} made before the pause ends it at once. Does not wait for a delay that is not
     * positive. An interrupt ends the pause and stays set.
     *
     * @return true when the whole delay passed
     */
    public boolean pause(Duration delay) {
        if (delay.isZero() || delay.isNegative() || stopping) {
            return false;
        }
        try {
            sleeper.sleep(delay, () -> stopping || woken.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return !woken.getAndSet(false) && !stopping;
    }

    /** Ends the pause under way, or the next one, early. */
    public void wake() {
        woken.set(true);
        unpark();
    }

    /** Forgets a {@link #wake()} not yet used: what it asked for is about to happen anyway. */
    public void forgetWake() {
        woken.set(false);
    }

    private void unpark() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Signals the stop, unblocks the body, and waits up to {@link #STOP_WAIT} for the thread to end. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            stopping = true;
            t = thread;
        }
        unblock.run();
        if (t == null) {
            return;
        }
        t.interrupt();
        unpark();
        try {
            if (!t.join(STOP_WAIT)) {
                LOG.log(Level.WARNING, "The background loop " + name + " did not stop within "
                        + STOP_WAIT.toSeconds() + " s; leaving it.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
