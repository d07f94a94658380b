package org.jitsi.signalsidecar.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The verdict on one poll's observations, before flap mitigation: a pure function of the
 * observations and the rules.
 *
 * @param jicofoHealthy   {@code /about/health} 200 and {@code /stats} 200 with an integer {@code participants}
 * @param jicofoSoftDown  {@code /about/health} answered 503 (jicofo's "soft" failure)
 * @param prosodyHealthy  {@code /http-bind} answered 200
 * @param prosodySoftDown {@code /http-bind} timed out (prosody busy, not dead)
 * @param healthy         jicofo and prosody healthy, status file readable and not {@code unhealthy}
 * @param softDown        unhealthy only in ways that may heal by themselves (see {@link #assess})
 * @param status          the drain state
 * @param counts          jicofo's numbers, only when both jicofo calls succeeded
 * @param problems        why the node is unhealthy, one short phrase each; empty when healthy
 */
public record Assessment(boolean jicofoHealthy,
                         boolean jicofoSoftDown,
                         boolean prosodyHealthy,
                         boolean prosodySoftDown,
                         boolean healthy,
                         boolean softDown,
                         NodeStatus status,
                         Optional<JicofoCounts> counts,
                         List<String> problems) {
    public Assessment {
        requireNonNull(status, "status is null");
        requireNonNull(counts, "counts is null");
        problems = List.copyOf(problems);
    }

    /**
     * Soft down means: the status file is fine, and jicofo is healthy or answers 503, and prosody is
     * healthy or times out, but not both healthy. {@code unhealthy} in the status file, a refused
     * or failing peer, or a jicofo 500/404 are hard.
     */
    public static Assessment assess(Observations o, EvaluationRules rules) {
        PeerResponse health = o.jicofoHealth();
        Optional<JicofoCounts> counts = health.ok() && o.jicofoStats().ok() ? o.jicofoCounts() : Optional.empty();
        boolean jicofoHealthy = counts.isPresent();
        boolean jicofoSoftDown = health.reachable() && health.statusCode() == 503;
        boolean prosodyHealthy = o.prosodyHealth().ok();
        boolean prosodySoftDown = o.prosodyHealth().outcome() == Outcome.TIMED_OUT;
        StatusWord word = o.statusFile().word();
        boolean statusFileUsable = o.statusFile().found() && word != StatusWord.UNHEALTHY;

        boolean healthy = jicofoHealthy && prosodyHealthy && statusFileUsable;
        boolean softDown = !healthy && statusFileUsable
                && (jicofoHealthy || jicofoSoftDown)
                && (prosodyHealthy || prosodySoftDown);

        NodeStatus status = switch (word) {
            case READY -> counts.filter(c -> c.participants() > rules.participantMax()).isPresent()
                    ? NodeStatus.DRAIN
                    : NodeStatus.READY;
            case DRAIN, UNHEALTHY -> NodeStatus.DRAIN;
            case MAINT -> NodeStatus.MAINT;
            case NONE, OTHER -> NodeStatus.UNKNOWN;
        };
        return new Assessment(jicofoHealthy, jicofoSoftDown, prosodyHealthy, prosodySoftDown, healthy, softDown,
                status, counts, problems(o));
    }

    /**
     * The problem of each input that affects health, in {@link Input} order; jicofo's stats only when
     * its health request has none (a jicofo that fails its health check fails its stats too).
     */
    private static List<String> problems(Observations o) {
        List<String> problems = new ArrayList<>();
        for (Input input : Input.values()) {
            boolean shadowed = input == Input.JICOFO_STATS && Input.JICOFO_HEALTH.problem(o).isPresent();
            if (input.affectsHealth() && !shadowed) {
                input.problem(o).ifPresent(problems::add);
            }
        }
        return problems;
    }
}
