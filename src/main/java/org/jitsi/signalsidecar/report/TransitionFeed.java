package org.jitsi.signalsidecar.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link Transition}s consumers saw, fed one published snapshot at a time: first those time
 * alone made since the last one (a drain grace or health dampening running out, each dated at the
 * exact instant), then the publication's own. Each consumer that follows changes keeps one and
 * feeds it every publication, so all of them see the same transitions with the same instants.
 *
 * <p>Not thread-safe: the store publishes one snapshot at a time; an owner that also asks from
 * other threads ({@link #until}) synchronises.
 */
public final class TransitionFeed {
    private Transition.Seen seen;
    private Instant seenAt;

    /** A feed that starts from the first previous snapshot it is given, seen from that snapshot's time. */
    public TransitionFeed() {
    }

    /** A feed that starts from {@code initial}, seen from its time. */
    public TransitionFeed(Snapshot initial) {
        start(initial);
    }

    /**
     * The transitions up to the publication of {@code current} at {@code at}, after {@code previous}:
     * the time-made ones first, then the publication's (which may change nothing: see its methods).
     */
    public List<Transition> published(Snapshot previous, Snapshot current, Instant at) {
        if (seen == null) {
            start(previous);
        }
        List<Transition> transitions = until(at);
        Transition.Seen next = Transition.Seen.at(current, at);
        transitions.add(new Transition(at, seen, next));
        seen = next;
        seenAt = at;
        return transitions;
    }

    /** The transitions time alone made to the latest snapshot's view after the last one, up to {@code now}. */
    public List<Transition> until(Instant now) {
        List<Transition> transitions = new ArrayList<>();
        if (seen == null) {
            return transitions;
        }
        Optional<Instant> change = seen.snapshot().nextChange(seenAt);
        while (change.isPresent() && !change.get().isAfter(now)) {
            Instant at = change.get();
            Transition.Seen next = Transition.Seen.at(seen.snapshot(), at);
            transitions.add(new Transition(at, seen, next));
            seen = next;
            seenAt = at;
            change = seen.snapshot().nextChange(at);
        }
        return transitions;
    }

    private void start(Snapshot snapshot) {
        seenAt = snapshot.time();
        seen = Transition.Seen.at(snapshot, seenAt);
    }
}
