package org.jitsi.signalsidecar.testing;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.jitsi.signalsidecar.report.Observations;

/**
 * A poll a test drives by hand: each {@link #get} (the poll loop asking) waits until the test hands
 * out the next observations with {@link #poll}; with none handed out the loop is stalled.
 */
public final class ScriptedPoll implements Supplier<Observations> {
    private final BlockingQueue<Observations> next = new LinkedBlockingQueue<>();
    private final AtomicInteger asked = new AtomicInteger();
    private int handedOut;

    @Override
    public Observations get() {
        asked.incrementAndGet();
        try {
            return next.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the scripted poll was interrupted (the sidecar is closing)", e);
        }
    }

    /**
     * Hands out one poll's observations and returns once the loop has published them, every
     * snapshot listener has run, and the loop asks for the next poll.
     */
    public void poll(Observations observations) {
        handedOut++;
        next.add(observations);
        int expected = handedOut + 1;
        Await.until(asked::get, n -> n >= expected, "the poll loop to publish poll " + handedOut + " and ask again");
    }

    /** Waits until the loop is waiting for its first poll. */
    public void awaitAsked() {
        Await.until(asked::get, n -> n >= 1, "the poll loop to ask for a poll");
    }
}
