package org.jitsi.signalsidecar;

import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

import org.jitsi.signalsidecar.lifecycle.Sleeper;
import sun.misc.Signal;

import static java.util.Objects.requireNonNull;

/**
 * Stops the sidecar on SIGTERM or SIGINT (SIGHUP is logged and changes nothing): first the shutdown grace (the node reported draining,
 * see {@link Sidecar#beginStopping()}) for {@code grace}, then {@link Sidecar#close()} within
 * {@link #STOP_LIMIT}, then exit status 0. A second signal ends the grace at once; later ones are
 * ignored, the stop being bounded anyway. A stop that overruns its limit is logged and the process
 * exits with status 1 without running the remaining shutdown hooks.
 *
 * <p>A JVM shutdown hook runs only once the JVM is already exiting, too late to keep answering
 * during a grace, so the signals are caught with {@code sun.misc.Signal} (module jdk.unsupported,
 * in every JDK and in the image's jlink'd runtime). Catching them replaces the JVM's own handling:
 * without this class a SIGTERM ends the JVM with status 143.
 */
final class Shutdown {
    /** How long closing the listeners, the poll loop and any dump script may take. */
    static final Duration STOP_LIMIT = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(Shutdown.class.getName());
    /**
     * SIGHUP neither stops the sidecar nor changes it: the settings are read once, at start, and a
     * {@code systemctl reload} (an {@code ExecReload=kill -HUP}) or a closed terminal must not take
     * the node down. Without a handler the JVM would exit at once with status 129, unlogged.
     */
    static final String HANGUP = "SIGHUP: ignored; the sidecar keeps running with the settings it started with"
            + " (restart it to apply changed settings).";

    private final Runnable beginStopping;
    private final Runnable close;
    private final Duration grace;
    private final Duration stopLimit;
    private final IntConsumer exit;
    private final IntConsumer halt;
    private final Sleeper sleeper;
    private final AtomicInteger signals = new AtomicInteger();
    private final CountDownLatch graceOver = new CountDownLatch(1);
    /** The thread running the stop, woken by a second signal. */
    private volatile Thread stopping;

    /** The sidecar's shutdown, exiting the JVM at the end. */
    Shutdown(Sidecar sidecar, Duration grace) {
        this(sidecar::beginStopping, sidecar::close, grace, STOP_LIMIT, System::exit, Runtime.getRuntime()::halt,
                Sleeper.system());
    }

    /**
     * @param beginStopping starts the grace
     * @param close         stops everything
     * @param grace         how long the grace lasts; zero for none
     * @param stopLimit     how long {@code close} may take
     * @param exit          ends the process normally (shutdown hooks run)
     * @param halt          ends it at once, when {@code close} overran its limit
     * @param sleeper       waits out the grace and the stop limit
     */
    Shutdown(Runnable beginStopping, Runnable close, Duration grace, Duration stopLimit, IntConsumer exit,
             IntConsumer halt, Sleeper sleeper) {
        this.beginStopping = requireNonNull(beginStopping, "beginStopping is null");
        this.close = requireNonNull(close, "close is null");
        this.grace = requireNonNull(grace, "grace is null");
        this.stopLimit = requireNonNull(stopLimit, "stopLimit is null");
        this.exit = requireNonNull(exit, "exit is null");
        this.halt = requireNonNull(halt, "halt is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
    }

    /**
     * Catches SIGTERM, SIGINT and SIGHUP from now on.
     *
     * @return false when this JVM does not allow it (e.g. started with {@code -Xrs}); the shutdown
     *         hook then stops the sidecar, without a grace, and the exit status is 143
     */
    boolean install() {
        try {
            Signal.handle(new Signal("TERM"), signal -> signalled("SIG" + signal.getName()));
            Signal.handle(new Signal("INT"), signal -> signalled("SIG" + signal.getName()));
            Signal.handle(new Signal("HUP"), signal -> LOG.log(Level.WARNING, HANGUP));
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.log(Level.WARNING, "Cannot catch SIGTERM and SIGINT (" + e.getMessage()
                    + "); a stop will not wait for the shutdown grace.");
            return false;
        }
    }

    /**
     * What a caught signal does: the first starts the stop, the second ends its grace. The stop runs
     * on non-daemon threads (a signal handler's are daemons): otherwise the JVM would end by itself,
     * unlogged, as soon as closing the sidecar stopped its last non-daemon thread.
     */
    void signalled(String signal) {
        int count = signals.incrementAndGet();
        if (count == 1) {
            Thread.ofPlatform().daemon(false).name("shutdown").start(() -> stop(signal));
        } else if (count == 2 && graceOver.getCount() > 0) {
            LOG.log(Level.INFO, signal + " again: ending the shutdown grace now.");
            graceOver.countDown();
            Thread t = stopping;
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }

    private void stop(String signal) {
        Thread self = Thread.currentThread();
        stopping = self;
        try {
            if (!grace.isZero()) {
                beginStopping.run();
                LOG.log(Level.INFO, signal + ": reporting the node draining for " + seconds(grace)
                        + " s before stopping (send it again to stop at once).");
                sleeper.sleep(grace, () -> graceOver.getCount() == 0);
            }
            graceOver.countDown();
            LOG.log(Level.INFO, "Stopping (" + signal + ").");
            AtomicBoolean closed = new AtomicBoolean();
            Thread.ofPlatform().daemon(false).name("shutdown-close").start(() -> {
                try {
                    close.run();
                } finally {
                    closed.set(true);
                    LockSupport.unpark(self);
                }
            });
            sleeper.sleep(stopLimit, closed::get);
            if (!closed.get()) {
                LOG.log(Level.ERROR, "The sidecar did not stop within " + seconds(stopLimit) + " s; exiting anyway.");
                halt.accept(1);
                return;
            }
            LOG.log(Level.INFO, "Stopped.");
            exit.accept(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            halt.accept(1);
        }
    }

    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
