package org.jitsi.signalsidecar.lifecycle;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Deque;

import static java.util.Objects.requireNonNull;

/**
 * Starts the parts of a program in order and closes them in reverse. A part that fails to start
 * closes every part started before it, in reverse, and the failure goes on to the caller; so does
 * {@link #close()}, once, for a program that started. A part that fails to close is logged and
 * the others are closed all the same. Parts with nothing to start (a client, a registry) are
 * {@linkplain #own owned} as soon as they are built, so a later failure closes them too.
 *
 * <p>Used from one thread while starting; {@link #close()} may come from another (a shutdown hook).
 */
public final class Lifecycle implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Lifecycle.class.getName());

    /**
     * One part: how it starts and how it stops.
     *
     * @param name  what the logs call it
     * @param start starts it; throws when it cannot
     * @param close stops it and releases what it holds; must not throw
     */
    public record Part(String name, Runnable start, Runnable close) {
        public Part {
            requireNonNull(name, "name is null");
            requireNonNull(start, "start is null");
            requireNonNull(close, "close is null");
        }

        /** A part with nothing to start, only something to close. */
        public static Part closing(String name, AutoCloseable close) {
            requireNonNull(close, "close is null");
            return new Part(name, () -> { }, () -> closeQuietly(name, close));
        }

        /** A background loop. */
        public static Part of(BackgroundLoop loop) {
            return new Part(loop.name(), loop::start, loop::close);
        }
    }

    private final Deque<Part> started = new ArrayDeque<>();
    private boolean closed;

    /**
     * Starts {@code part} now; from then on {@link #close()} closes it.
     *
     * @throws RuntimeException what the part threw, after every part started before it was closed
     */
    public synchronized void start(Part part) {
        requireNonNull(part, "part is null");
        if (closed) {
            throw new IllegalStateException("cannot start " + part.name() + ": the lifecycle is closed");
        }
        try {
            part.start().run();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.DEBUG, "Starting " + part.name() + " failed; closing what started before it.");
            close();
            throw e;
        }
        started.push(part);
    }

    /** Starts each part in turn, as {@link #start(Part)}. */
    public void start(Part... parts) {
        for (Part part : parts) {
            start(part);
        }
    }

    /** Takes a part with nothing to start: {@link #close()} closes it. */
    public void own(String name, AutoCloseable resource) {
        start(Part.closing(name, resource));
    }

    /** Closes every started part, the last started first. Once: later calls do nothing. */
    @Override
    public synchronized void close() {
        closed = true;
        Part part;
        while ((part = started.poll()) != null) {
            try {
                part.close().run();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Closing " + part.name() + " failed; closing the rest.", e);
            }
        }
    }

    private static void closeQuietly(String name, AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.log(Level.ERROR, "Closing " + name + " failed; closing the rest.", e);
        }
    }
}
