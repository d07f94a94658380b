package org.jitsi.signalsidecar.lifecycle;

/**
 * Which of a loop's failures to log: a problem is told once, when it differs from the one before,
 * so a peer that stays away costs one line, not one per attempt; a success ends the run, and the
 * next problem is told again. Not thread-safe: one loop owns one.
 */
public final class OncePerProblem {
    private String last;

    /** Records {@code problem}; true when it is not the one recorded last, so it should be told. */
    public boolean isNew(String problem) {
        String text = String.valueOf(problem);
        boolean isNew = !text.equals(last);
        last = text;
        return isNew;
    }

    /** Records a success; true when it ends a run of problems (a "works again" line is due). */
    public boolean recovered() {
        boolean recovered = last != null;
        last = null;
        return recovered;
    }
}
