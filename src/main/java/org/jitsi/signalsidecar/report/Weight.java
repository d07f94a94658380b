package org.jitsi.signalsidecar.report;

/** The HAProxy weight of a node, in percent. */
final class Weight {
    private Weight() {
    }

    /**
     * 0 unless healthy and ready; then 100, or with participant weighting the free share of
     * {@code participantMax} rounded to a multiple of 5 and kept within 1..100 (0 participants 100%,
     * half full 50%, full or beyond 1%). Unknown participants ({@code < 0}) weigh 0.
     */
    static int percent(boolean healthy, NodeStatus status, long participants, EvaluationRules rules) {
        if (!healthy || status != NodeStatus.READY) {
            return 0;
        }
        if (!rules.weightParticipants()) {
            return 100;
        }
        if (participants < 0) {
            return 0;
        }
        double free = 100.0 * (rules.participantMax() - participants) / rules.participantMax();
        long rounded = Math.round(free / 5) * 5;
        return (int) Math.max(1, Math.min(100, rounded));
    }
}
