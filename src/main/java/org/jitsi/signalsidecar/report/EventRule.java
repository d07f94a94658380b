package org.jitsi.signalsidecar.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Which changes of what consumers see are events, and the reason each names. Pure.
 *
 * <p>An event is the first poll, or any change of health, status, {@code healthdamped}, or of the
 * weight to or from 0% (so of the agent's {@code up}/{@code down} and {@code ready}/{@code drain}/{@code maint}
 * words); a weight moving between 5% and 100% is not one.
 */
public final class EventRule {
    private EventRule() {
    }

    /**
     * What consumers saw: a snapshot under one flap adjustment.
     *
     * @param snapshot   the latest poll's snapshot at that moment
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
    }

    /**
     * The event, if any, when consumers saw {@code before} and from {@code at} on see {@code after}.
     * {@code after} has the same snapshot as {@code before} when only time passed (a flap adjustment
     * ran out), the next one after a poll.
     */
    public static Optional<NodeEvent> between(Seen before, Seen after, Instant at) {
        requireNonNull(before, "before is null");
        requireNonNull(after, "after is null");
        requireNonNull(at, "at is null");
        if (!after.snapshot().polled()) {
            return Optional.empty();
        }
        if (!before.snapshot().polled()) {
            return Optional.of(new NodeEvent(at, after.view(), firstPoll(after)));
        }
        if (!changed(before.view(), after.view())) {
            return Optional.empty();
        }
        List<String> causes = before.snapshot() == after.snapshot()
                ? timeRanOut(before.adjustment(), after)
                : pollCauses(before, after);
        if (causes.isEmpty()) {
            causes.add("the node now reports " + after.view().agentMessage());
        }
        return Optional.of(new NodeEvent(at, after.view(), String.join("; ", causes)));
    }

    /** Health, status, {@code healthdamped}, or the weight to or from 0% differ. */
    static boolean changed(NodeView was, NodeView is) {
        return was.healthy() != is.healthy()
                || was.damped() != is.damped()
                || was.status() != is.status()
                || (was.weightPercent() == 0) != (is.weightPercent() == 0);
    }

    private static String firstPoll(Seen after) {
        List<String> causes = new ArrayList<>(after.snapshot().assessment().problems());
        participantsOverMax(after.snapshot()).ifPresent(causes::add);
        return causes.isEmpty() ? "first poll" : "first poll: " + String.join("; ", causes);
    }

    private static List<String> timeRanOut(Adjustment before, Seen after) {
        List<String> causes = new ArrayList<>();
        switch (before) {
            case DAMPED -> causes.add("dampening ended");
            case GRACE -> {
                causes.add("drain grace ended");
                causes.addAll(after.snapshot().assessment().problems());
            }
            case NONE -> {
                // a view without adjustment does not change with time alone
            }
        }
        return causes;
    }

    private static List<String> pollCauses(Seen before, Seen after) {
        Observations was = before.snapshot().observations();
        Observations is = after.snapshot().observations();
        List<String> causes = new ArrayList<>();
        if (after.snapshot().stopping() && !before.snapshot().stopping()) {
            causes.add("sidecar stopping: shutdown grace");
        }
        StatusFileReading file = is.statusFile();
        boolean fileChanged = file.found()
                && (!was.statusFile().found() || !file.contents().equalsIgnoreCase(was.statusFile().contents()));
        if (fileChanged) {
            causes.add(file.contents().isEmpty()
                    ? "status file is now empty"
                    : "status file now says " + file.contents().toLowerCase(Locale.ROOT));
        }
        for (Input input : List.of(Input.JICOFO_HEALTH, Input.JICOFO_STATS, Input.PROSODY, Input.STATUS_FILE)) {
            if (input == Input.STATUS_FILE && fileChanged) {
                continue;
            }
            Optional<String> problem = input.problem(is);
            if (problem.isPresent() && !problem.equals(input.problem(was))) {
                causes.add(problem.get());
            } else if (problem.isEmpty() && input.problem(was).isPresent()) {
                causes.add(input.label() + " recovered");
            }
        }
        Optional<String> over = participantsOverMax(after.snapshot());
        if (over.isPresent() != participantsOverMax(before.snapshot()).isPresent() && !fileChanged) {
            over.or(() -> participantsBelowMax(after.snapshot())).ifPresent(causes::add);
        }
        Adjustment from = before.adjustment();
        Adjustment to = after.adjustment();
        Optional<String> until = after.snapshot().nextChange(is.time()).map(ReportTime::format);
        if (to == Adjustment.GRACE && from != Adjustment.GRACE) {
            causes.add("soft down: drain grace until " + until.orElse("?"));
        } else if (to == Adjustment.DAMPED && from != Adjustment.DAMPED) {
            causes.add("held down by health dampening until " + until.orElse("?"));
        } else if (from == Adjustment.GRACE && to == Adjustment.NONE && !after.view().healthy()) {
            causes.add("drain grace ended");
        }
        return causes;
    }

    /** Present when a {@code ready} node reports drain because jicofo has more participants than allowed. */
    private static Optional<String> participantsOverMax(Snapshot s) {
        int max = s.rules().participantMax();
        return s.observations().statusFile().word() != StatusWord.READY
                ? Optional.empty()
                : s.assessment().counts()
                        .filter(c -> c.participants() > max)
                        .map(c -> "jicofo reports " + c.participants() + " participants, above PARTICIPANT_MAX " + max);
    }

    private static Optional<String> participantsBelowMax(Snapshot s) {
        int max = s.rules().participantMax();
        return s.assessment().counts()
                .filter(c -> c.participants() <= max && s.observations().statusFile().word() == StatusWord.READY)
                .map(c -> "jicofo reports " + c.participants() + " participants, no longer above PARTICIPANT_MAX " + max);
    }
}
