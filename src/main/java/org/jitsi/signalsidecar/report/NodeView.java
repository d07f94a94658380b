package org.jitsi.signalsidecar.report;

import static java.util.Objects.requireNonNull;

/**
 * The node as every consumer sees it at one moment: the assessment with flap mitigation applied,
 * and drained while the sidecar is stopping.
 *
 * @param healthy       overall health
 * @param damped        flap mitigation changed {@code healthy} or {@code status}
 * @param status        drain state
 * @param weightPercent 0-100, what HAProxy should weigh the node with
 * @param stopping      the sidecar is in its shutdown grace: status {@code drain}, weight 0, and HTTP
 *                      health checks fail ({@link #passesHealthCheck()}) while {@code healthy} stays true
 */
public record NodeView(boolean healthy, boolean damped, NodeStatus status, int weightPercent, boolean stopping) {
    public NodeView {
        requireNonNull(status, "status is null");
        if (weightPercent < 0 || weightPercent > 100) {
            throw new IllegalArgumentException("weightPercent out of range: " + weightPercent);
        }
    }

    /** A view of a sidecar that is not stopping. */
    public NodeView(boolean healthy, boolean damped, NodeStatus status, int weightPercent) {
        this(healthy, damped, status, weightPercent, false);
    }

    /**
     * This view while the sidecar is stopping: {@code drain} with weight 0 (a node in maintenance
     * stays in {@code maint}), so HAProxy sends no new conferences but keeps the running ones, as
     * with {@code drain} in the status file; health is left as it is, so the agent says {@code up}.
     */
    NodeView whileStopping() {
        return new NodeView(healthy, damped, status == NodeStatus.MAINT ? NodeStatus.MAINT : NodeStatus.DRAIN, 0, true);
    }

    /**
     * What {@code /signal/health} and {@code /about/health} answer: healthy and not stopping. An HTTP
     * check knows no {@code drain}, so a stopping sidecar fails it to keep new conferences away.
     */
    public boolean passesHealthCheck() {
        return healthy && !stopping;
    }

    /** The view of an assessment at a moment: the adjustment bends health and status, then the weight follows. */
    static NodeView of(Assessment assessment, Adjustment adjustment, EvaluationRules rules) {
        boolean healthy = switch (adjustment) {
            case NONE -> assessment.healthy();
            case DAMPED -> false;
            case GRACE -> true;
        };
        // the grace drains a ready node; one the operator put in maintenance stays there
        NodeStatus status = adjustment == Adjustment.GRACE && assessment.status() == NodeStatus.READY
                ? NodeStatus.DRAIN
                : assessment.status();
        long participants = assessment.counts().map(JicofoCounts::participants).orElse(-1L);
        int weight = Weight.percent(healthy, status, participants, rules);
        return new NodeView(healthy, adjustment != Adjustment.NONE, status, weight);
    }

    /**
     * The HAProxy agent-check reply without its newline: {@code <up|down> <ready|drain|maint> <N>%}.
     * {@code unknown} is sent as {@code drain}: a node whose status nobody set takes no new conferences.
     */
    public String agentMessage() {
        return agentHealthWord() + " " + agentAdminWord() + " " + weightPercent + "%";
    }

    /** The agent line's first word: {@code up} or {@code down}. */
    public String agentHealthWord() {
        return healthy ? "up" : "down";
    }

    /** The agent line's second word: {@code ready}, {@code drain} (also for {@code unknown}) or {@code maint}. */
    public String agentAdminWord() {
        return switch (status) {
            case READY -> "ready";
            case DRAIN, UNKNOWN -> "drain";
            case MAINT -> "maint";
        };
    }
}
