package org.jitsi.signalsidecar.report;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What changed when consumers stopped seeing {@code before} and, from {@code at} on, saw
 * {@code after}, and why: the one definition of "the node changed" that {@code /signal/events}, the
 * state-change log, the {@code signal_unhealthy_total} counter and the dump scripts read. Pure.
 *
 * <p>Two verdicts can change, and each method names the one it reads:
 * <ul>
 *   <li><em>reported</em>: the node as consumers see it ({@link NodeView}, flap mitigation applied):
 *       what HAProxy, the events and the counter follow. It also changes by time alone, when a
 *       drain grace or health dampening runs out ({@link #byTime()});</li>
 *   <li><em>assessed</em>: what the poll itself found ({@link Assessment}, before flap mitigation):
 *       what the log's health and status lines and the dumps follow, since they are about the peers,
 *       not about what HAProxy was told. It changes only with a new snapshot.</li>
 * </ul>
 * A sequence of them, time-made ones included, comes from a {@link TransitionFeed}.
 *
 * @param at     when consumers started seeing {@code after}: when its snapshot was published, or
 *               the instant a flap adjustment ran out
 * @param before what consumers saw until then
 * @param after  what they see from then on; the same snapshot as {@code before} when only time passed
 */
public record Transition(Instant at, Seen before, Seen after) {
    public Transition {
        requireNonNull(at, "at is null");
        requireNonNull(before, "before is null");
        requireNonNull(after, "after is null");
    }

    /**
     * What consumers saw: a snapshot under one flap adjustment.
     *
     * @param snapshot   the latest snapshot at that moment
     * @param adjustment the flap adjustment in force then
     */
    public record Seen(Snapshot snapshot, Adjustment adjustment) {
        public Seen {
            requireNonNull(snapshot, "snapshot is null");
            requireNonNull(adjustment, "adjustment is null");
        }

        /** What consumers saw of {@code snapshot} at {@code at}. */
        public static Seen at(Snapshot snapshot, Instant at) {
            return new Seen(snapshot, snapshot.adjustmentAt(at));
        }

        public NodeView view() {
            return snapshot.view(adjustment);
        }

        public AgentReply agentReply() {
            return snapshot.agentReply(adjustment);
        }

        Assessment assessment() {
            return snapshot.assessment();
        }

        boolean polled() {
            return snapshot.polled();
        }
    }

    /**
     * The publication of {@code current} at {@code at} alone, without the changes time made since
     * {@code previous} was published: enough for a reader of the assessed verdict only, which time
     * does not change. Readers of the reported one take the whole sequence from a {@link TransitionFeed}.
     */
    public static Transition publication(Snapshot previous, Snapshot current, Instant at) {
        return new Transition(at, Seen.at(previous, at), Seen.at(current, at));
    }

    /** The first poll's results arrived: before it, consumers saw a node nobody had polled. */
    public boolean firstPoll() {
        return after.polled() && !before.polled();
    }

    /** Only time passed: a flap adjustment ran out, the snapshot is the same. */
    public boolean byTime() {
        return before.snapshot() == after.snapshot();
    }

    /**
     * Reported: consumers see another node, which makes an event. That is the first poll, or any
     * change of health, status, {@code healthdamped}, or of the weight to or from 0% (so of the
     * agent's {@code up}/{@code down} and {@code ready}/{@code drain}/{@code maint} words); a weight
     * moving between 5% and 100% is none.
     */
    public boolean reportedChange() {
        if (!after.polled()) {
            return false;
        }
        if (firstPoll()) {
            return true;
        }
        NodeView was = before.view();
        NodeView is = after.view();
        return was.healthy() != is.healthy()
                || was.damped() != is.damped()
                || was.status() != is.status()
                || (was.weightPercent() == 0) != (is.weightPercent() == 0);
    }

    /** Reported: the node consumers saw healthy is now unhealthy (what {@code signal_unhealthy_total} counts). */
    public boolean reportedHealthLost() {
        return before.polled() && before.view().healthy() && !after.view().healthy();
    }

    /** Reported: the HAProxy agent's line (its extensions and reason included) is another one. */
    public boolean agentReplyChanged() {
        return !before.agentReply().line().equals(after.agentReply().line());
    }

    /** Assessed: between two polled snapshots, the poll's own verdict on health differs. */
    public boolean assessedHealthChanged() {
        return bothPolled() && before.assessment().healthy() != after.assessment().healthy();
    }

    /**
     * Assessed: between two polled snapshots, the poll's own verdict went from healthy to unhealthy,
     * whatever flap mitigation reports: the moment a peer failed, which the dump scripts capture.
     */
    public boolean assessedHealthLost() {
        return assessedHealthChanged() && !after.assessment().healthy();
    }

    /** Assessed: between two polled snapshots, the poll's own status differs. */
    public boolean assessedStatusChanged() {
        return bothPolled() && before.assessment().status() != after.assessment().status();
    }

    /**
     * The sentence naming the causes, as the logs do ({@code jicofo health answered 500},
     * {@code status file now says drain}, {@code dampening ended}); several are joined by {@code ; }.
     * Meant for a {@link #reportedChange()}.
     */
    public String reason() {
        return TransitionReason.of(this);
    }

    /** The event this makes, when it is a {@link #reportedChange()}. */
    public Optional<NodeEvent> event() {
        return reportedChange() ? Optional.of(new NodeEvent(at, after.view(), reason())) : Optional.empty();
    }

    private boolean bothPolled() {
        return before.polled() && after.polled();
    }
}
