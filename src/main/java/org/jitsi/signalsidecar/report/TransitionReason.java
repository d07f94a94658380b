package org.jitsi.signalsidecar.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a {@link Transition} happened, as one sentence naming its causes: the reason an event and the
 * events page give. Pure.
 */
final class TransitionReason {
    private TransitionReason() {
    }

    static String of(Transition t) {
        if (t.firstPoll()) {
            return firstPoll(t.after());
        }
        List<String> causes = t.byTime()
                ? timeRanOut(t.before().adjustment(), t.after())
                : pollCauses(t.before(), t.after());
        if (causes.isEmpty()) {
            causes.add("the node now reports " + t.after().view().agentMessage());
        }
        return String.join("; ", causes);
    }

    private static String firstPoll(Transition.Seen after) {
        List<String> causes = new ArrayList<>(after.snapshot().assessment().problems());
        participantsOverMax(after.snapshot()).ifPresent(causes::add);
        return causes.isEmpty() ? "first poll" : "first poll: " + String.join("; ", causes);
    }

    private static List<String> timeRanOut(Adjustment before, Transition.Seen after) {
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

    private static List<String> pollCauses(Transition.Seen before, Transition.Seen after) {
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
        for (Input input : Input.values()) {
            if (!input.affectsHealth() || input == Input.STATUS_FILE && fileChanged) {
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
