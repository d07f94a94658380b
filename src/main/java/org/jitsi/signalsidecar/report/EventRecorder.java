package org.jitsi.signalsidecar.report;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The transition history: the latest {@code max} {@link NodeEvent}s, oldest dropped first, one
 * per {@linkplain Transition#reportedChange() reported change}. Fed by every published snapshot;
 * thread-safe.
 *
 * <p>What consumers see also changes without a poll, when dampening or the drain grace runs out.
 * Each snapshot knows when that happens ({@link Snapshot#nextChange}), so such an event is recorded
 * with that exact time when anyone asks for the events at or after it, or when the next poll is
 * published, whichever comes first: the history never misses it and never dates it late.
 */
public final class EventRecorder implements SnapshotListener {
    private final int max;
    private final Clock clock;
    private final Deque<NodeEvent> events;
    private final TransitionFeed transitions;

    /**
     * @param max     how many events to keep, at least 1
     * @param initial the snapshot consumers see before the first poll
     * @param clock   dates the events of published snapshots: a poll's, or an amendment's, which
     *                keeps its poll's time but is published when the status file changed
     */
    public EventRecorder(int max, Snapshot initial, Clock clock) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        requireNonNull(initial, "initial is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.max = max;
        this.events = new ArrayDeque<>(Math.min(max, 1024));
        this.transitions = new TransitionFeed(initial);
    }

    @Override
    public synchronized void published(Snapshot previous, Snapshot current) {
        record(transitions.published(previous, current, clock.instant()));
    }

    /** The latest events, newest first, at most {@code limit} of them, as of {@code now}. */
    public synchronized List<NodeEvent> newestFirst(Instant now, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        record(transitions.until(now));
        List<NodeEvent> latest = new ArrayList<>(Math.min(limit, events.size()));
        Iterator<NodeEvent> newest = events.descendingIterator();
        while (newest.hasNext() && latest.size() < limit) {
            latest.add(newest.next());
        }
        return latest;
    }

    public int max() {
        return max;
    }

    private void record(List<Transition> transitions) {
        for (Transition transition : transitions) {
            transition.event().ifPresent(this::add);
        }
    }

    private void add(NodeEvent event) {
        if (events.size() == max) {
            events.removeFirst();
        }
        events.addLast(event);
    }
}
