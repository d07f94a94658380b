package org.jitsi.signalsidecar.report;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The immutable result of one poll: observations, their assessment, the flap history, and for each
 * possible flap adjustment the view, the report (serialised once) and the HAProxy agent's reply.
 * Readers pick the one for the moment they ask ({@link #viewAt}); nothing here calls a peer, so
 * reading is cheap and never blocks.
 */
public final class Snapshot {
    private final Observations observations;
    private final Assessment assessment;
    private final FlapHistory history;
    private final FlapHistory priorHistory;
    private final EvaluationRules rules;
    private final AgentExtensions agentExtensions;
    private final boolean polled;
    private final boolean amended;
    private final boolean stopping;
    private final Optional<CensusState> census;
    private final Map<Adjustment, NodeView> views = new EnumMap<>(Adjustment.class);
    private final Map<Adjustment, byte[]> reports = new EnumMap<>(Adjustment.class);
    private final Map<Adjustment, AgentReply> agentReplies = new EnumMap<>(Adjustment.class);

    private Snapshot(Observations observations, Assessment assessment, FlapHistory priorHistory, EvaluationRules rules,
                     AgentExtensions agentExtensions, boolean polled, boolean amended, Optional<CensusState> census,
                     boolean stopping) {
        this.observations = observations;
        this.assessment = assessment;
        this.priorHistory = priorHistory;
        this.history = polled ? priorHistory.after(assessment, observations.time(), rules) : priorHistory;
        this.rules = rules;
        this.agentExtensions = agentExtensions;
        this.polled = polled;
        this.amended = amended;
        this.census = census;
        this.stopping = stopping;
        for (Adjustment adjustment : Adjustment.values()) {
            NodeView view = NodeView.of(assessment, adjustment, rules);
            String reason = AgentReply.reason(adjustment, polled, assessment.problems());
            if (stopping) {
                view = view.whileStopping();
                reason = AgentReply.sanitise("sidecar stopping" + (reason.isEmpty() ? "" : "; " + reason));
            }
            views.put(adjustment, view);
            reports.put(adjustment, ReportJson.write(observations, assessment, census, view));
            agentReplies.put(adjustment, AgentReply.of(view, reason, agentExtensions));
        }
    }

    /**
     * Before the first poll: unhealthy, status unknown, weight 0 (agent {@code down drain 0%}). What is
     * given here holds for every later snapshot ({@link #next}).
     *
     * @param startTime       when the sidecar started
     * @param rules           how observations become a verdict
     * @param agentExtensions the optional words of the agent's reply
     * @param censusEnabled   census polling is on: the report and {@link #census} carry census state
     *                        (not polled yet, until a poll brings a census reading)
     */
    public static Snapshot initial(Instant startTime, EvaluationRules rules, AgentExtensions agentExtensions,
                                   boolean censusEnabled) {
        requireNonNull(startTime, "startTime is null");
        requireNonNull(rules, "rules is null");
        requireNonNull(agentExtensions, "agentExtensions is null");
        Optional<CensusState> census = censusEnabled
                ? Optional.of(new CensusState(new CensusReading(PeerResponse.notPolled(), Optional.empty()),
                        Optional.empty(), Optional.empty()))
                : Optional.empty();
        Observations none = Observations.none(startTime);
        return new Snapshot(none, Assessment.assess(none, rules), FlapHistory.initial(), rules, agentExtensions, false,
                false, census, false);
    }

    /** The snapshot after a poll, carrying this one's flap history and last good census forward. */
    public Snapshot next(Observations next) {
        requireNonNull(next, "next is null");
        Optional<CensusState> nextCensus = next.census().map(reading -> CensusState.next(census, reading, next.time()));
        return new Snapshot(next, Assessment.assess(next, rules), history, rules, agentExtensions, true, false,
                nextCensus, stopping);
    }

    /**
     * This poll as if it had read {@code reading} from the status file: what an operator's write
     * changes between two polls. The peers' answers, the poll's time and census stay; assessment,
     * flap history and reports are made again from the history before this poll, so the next poll
     * carries on exactly as if this one had seen the new file. Before the first poll there is
     * nothing to amend (the node is unhealthy whatever the file says), and this is returned.
     */
    public Snapshot withStatusFile(StatusFileReading reading) {
        requireNonNull(reading, "reading is null");
        if (!polled) {
            return this;
        }
        Observations amendedObservations = observations.withStatusFile(reading);
        return new Snapshot(amendedObservations, Assessment.assess(amendedObservations, rules), priorHistory, rules,
                agentExtensions, true, true, census, stopping);
    }

    /**
     * This snapshot as the sidecar's shutdown grace shows it ({@link NodeView#whileStopping()}); the
     * polls after it stay stopping. Like an amendment it is no poll: per-poll listeners skip it.
     */
    public Snapshot whileStopping() {
        if (stopping) {
            return this;
        }
        return new Snapshot(observations, assessment, priorHistory, rules, agentExtensions, polled, true, census,
                true);
    }

    /** The sidecar is in its shutdown grace. */
    public boolean stopping() {
        return stopping;
    }

    /** When the poll behind this snapshot finished (the start time before the first poll). */
    public Instant time() {
        return observations.time();
    }

    /**
     * Made by {@link #withStatusFile} or {@link #whileStopping}, not by a poll: listeners that count
     * per poll (durations, errors) skip it.
     */
    public boolean amended() {
        return amended;
    }

    /** At least one poll has completed. */
    public boolean polled() {
        return polled;
    }

    public Observations observations() {
        return observations;
    }

    public Assessment assessment() {
        return assessment;
    }

    /** Present exactly when census polling is on (see {@link #initial}). */
    public Optional<CensusState> census() {
        return census;
    }

    public Adjustment adjustmentAt(Instant now) {
        return history.adjustmentAt(now, rules);
    }

    public NodeView viewAt(Instant now) {
        return views.get(adjustmentAt(now));
    }

    /** The node as consumers see it under this adjustment. */
    public NodeView view(Adjustment adjustment) {
        return views.get(requireNonNull(adjustment, "adjustment is null"));
    }

    /** When, with no further poll, what consumers see next changes by itself; see {@link FlapHistory#nextChange}. */
    public Optional<Instant> nextChange(Instant now) {
        return history.nextChange(now, rules);
    }

    public EvaluationRules rules() {
        return rules;
    }

    /** The HAProxy agent's reply at {@code now}; with no extensions its line is the report's {@code agentmessage}. */
    public AgentReply agentReplyAt(Instant now) {
        return agentReplies.get(adjustmentAt(now));
    }

    /** The HAProxy agent's reply under this adjustment. */
    public AgentReply agentReply(Adjustment adjustment) {
        return agentReplies.get(requireNonNull(adjustment, "adjustment is null"));
    }

    /** The {@code /signal/report} body at {@code now}; shared, never modify it. */
    public byte[] reportAt(Instant now) {
        return reports.get(adjustmentAt(now));
    }

    /** The same report with {@code more} fields after its own, written afresh. */
    public byte[] reportAt(Instant now, JsonBytes.Fields more) {
        return ReportJson.write(observations, assessment, census, views.get(adjustmentAt(now)), more);
    }
}
