package org.jitsi.signalsidecar.observe;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.jitsi.signalsidecar.lifecycle.LogFields;
import org.jitsi.signalsidecar.report.Adjustment;
import org.jitsi.signalsidecar.report.AgentReply;
import org.jitsi.signalsidecar.report.Assessment;
import org.jitsi.signalsidecar.report.Input;
import org.jitsi.signalsidecar.report.Observations;
import org.jitsi.signalsidecar.report.Outcome;
import org.jitsi.signalsidecar.report.PeerResponse;
import org.jitsi.signalsidecar.report.Snapshot;
import org.jitsi.signalsidecar.report.SnapshotListener;
import org.jitsi.signalsidecar.report.Transition;
import org.jitsi.signalsidecar.report.TransitionFeed;

import static java.util.Objects.requireNonNull;

/**
 * Logs what changed between two snapshots, one line per change: health, status, the HAProxy agent's
 * reply, and each input going wrong or coming back. Nothing is logged for a poll that changed
 * nothing. Each event carries its facts as {@link LogFields} for the JSON log format. What changed
 * is the publication's {@link Transition}s, as a {@link TransitionFeed} gives them to every consumer.
 *
 * <p>Health and status are the assessed ones (what the poll found). The agent's reply is the one
 * consumers get, flap mitigation included, so it can also change by time alone, when a drain grace
 * or health dampening window ends between two polls. Nothing runs at that moment: the change is
 * logged when the next poll is published (at most one poll interval later), and the line says so.
 */
public final class StateChangeLog implements SnapshotListener {
    private static final System.Logger LOG = System.getLogger(StateChangeLog.class.getName());

    private final Clock clock;
    private final TransitionFeed transitions = new TransitionFeed();

    /** @param clock dates each publication, as the events do */
    public StateChangeLog(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public void published(Snapshot previous, Snapshot current) {
        List<Transition> changes = transitions.published(previous, current, clock.instant());
        Transition publication = changes.getLast();
        Assessment before = previous.assessment();
        Assessment now = current.assessment();
        if (publication.firstPoll()) {
            LOG.log(Level.INFO, "First poll done: the node is " + (now.healthy() ? "healthy" : "unhealthy")
                    + ", status " + now.status().word() + problems(now) + ".", health("first-poll", now));
        } else if (publication.assessedHealthChanged()) {
            LOG.log(now.healthy() ? Level.INFO : Level.WARNING, now.healthy()
                    ? "The signal node is healthy again."
                    : "The signal node is unhealthy" + (now.softDown() ? " (soft down)" : "") + problems(now) + ".",
                    health("health", now));
        }
        if (publication.assessedStatusChanged()) {
            LOG.log(Level.INFO, "Status changed from " + before.status().word() + " to " + now.status().word() + ".",
                    LogFields.of("event", "status", "status", now.status().word(),
                            "previousStatus", before.status().word()));
        }
        for (Transition change : changes) {
            if (change.agentReplyChanged()) {
                agentChanged(change.after().agentReply(), change.before().agentReply(), change.byTime()
                        ? ": " + windowEnded(change.before().adjustment()) + " before this poll"
                        : "");
            }
        }
        Observations was = previous.observations();
        Observations is = current.observations();
        for (Input input : Input.values()) {
            Optional<PeerResponse> wasAnswer = input.response(was);
            Optional<PeerResponse> isAnswer = input.response(is);
            if (wasAnswer.isPresent() && isAnswer.isPresent()) {
                peer(input.label(), wasAnswer.get(), isAnswer.get());
            }
        }
        if (previous.polled() && !Objects.equals(was.statusFile().problem(), is.statusFile().problem())) {
            LOG.log(Level.INFO, is.statusFile().problem()
                    .map(p -> "Status file " + p + ".")
                    .orElse("Status file is readable again."),
                    LogFields.of("event", "status-file", "statusFileFound", is.statusFile().found()));
        }
    }

    private static String windowEnded(Adjustment adjustment) {
        return switch (adjustment) {
            case GRACE -> "the drain grace ended";
            case DAMPED -> "health dampening ended";
            case NONE -> "flap mitigation changed";
        };
    }

    private static void agentChanged(AgentReply now, AgentReply was, String why) {
        LOG.log(Level.INFO, "HAProxy agent now answers '" + now.line() + "' (was '" + was.line() + "')" + why,
                LogFields.of("event", "agent", "agentMessage", now.line(), "previousAgentMessage", was.line()));
    }

    private static void peer(String name, PeerResponse was, PeerResponse is) {
        boolean wasOk = was.ok() || was.outcome() == Outcome.NOT_POLLED;
        boolean sameFailure = was.outcome() == is.outcome() && was.statusCode() == is.statusCode();
        if (!is.ok() && (wasOk || !sameFailure)) {
            LOG.log(Level.WARNING, "The " + name + " request " + is.describe() + ".", peerFields(name, is));
        } else if (is.ok() && !wasOk) {
            LOG.log(Level.INFO, "The " + name + " request succeeds again.", peerFields(name, is));
        }
    }

    private static LogFields health(String event, Assessment a) {
        return LogFields.of("event", event, "healthy", a.healthy(), "softDown", a.softDown(),
                "status", a.status().word(), "jicofoHealthy", a.jicofoHealthy(), "prosodyHealthy", a.prosodyHealthy(),
                "problems", String.join("; ", a.problems()));
    }

    private static LogFields peerFields(String name, PeerResponse response) {
        return LogFields.of("event", "peer", "peer", name, "ok", response.ok(),
                "outcome", response.outcome().name().toLowerCase(Locale.ROOT), "statusCode", response.statusCode());
    }

    private static String problems(Assessment a) {
        return a.problems().isEmpty() ? "" : ": " + String.join("; ", a.problems());
    }
}
