package org.jitsi.signalsidecar.observe;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jitsi.signalsidecar.report.CensusState;
import org.jitsi.signalsidecar.report.CensusSummary;
import org.jitsi.signalsidecar.report.Input;
import org.jitsi.signalsidecar.report.JicofoCounts;
import org.jitsi.signalsidecar.report.NodeStatus;
import org.jitsi.signalsidecar.report.NodeView;
import org.jitsi.signalsidecar.report.Outcome;
import org.jitsi.signalsidecar.report.PeerResponse;
import org.jitsi.signalsidecar.report.Snapshot;
import org.jitsi.signalsidecar.report.SnapshotListener;
import org.jitsi.signalsidecar.report.SnapshotStore;
import org.jitsi.signalsidecar.report.Transition;
import org.jitsi.signalsidecar.report.TransitionFeed;

import static java.util.Objects.requireNonNull;

/**
 * The {@code signal_*} and {@code prosody_*} series (Telegraf keeps only names starting with
 * {@code http}, {@code signal} or {@code prosody}, so jicofo's numbers are {@code signal_jicofo_*}).
 * Gauges read the latest snapshot when scraped, so they always agree with {@code /signal/report};
 * counters and histograms are fed once per event: per poll ({@link #published}), per health
 * answer and per agent reply. Names are as registered; Prometheus adds {@code _total} to counters
 * and {@code _seconds} to timers.
 */
final class SignalMetrics implements SnapshotListener {
    static final String HEALTH = "signal_health";
    static final String CENSUS = "signal_census";
    static final String HEALTH_CHECK = "signal_health_check";
    static final String UNHEALTHY_CHECK = "signal_unhealthy_check";
    static final String UNHEALTHY_TOTAL = "signal_unhealthy_total";
    static final String SUM_SQUARED = "prosody_participant_sum_squared";
    static final String JICOFO_PARTICIPANTS = "signal_jicofo_participants";
    static final String JICOFO_CONFERENCES = "signal_jicofo_conferences";
    static final String CENSUS_PARTICIPANTS = "prosody_census_participants";
    static final String CENSUS_ROOMS = "prosody_census_rooms";
    static final String WEIGHT = "signal_weight_percent";
    static final String STATUS = "signal_status";
    static final String POLL_DURATION = "signal_poll_duration";
    static final String POLL_STATUS_CODE = "signal_poll_status_code";
    static final String POLL_ERRORS = "signal_poll_errors";
    static final String AGENT_REPLIES = "signal_agent_replies";

    private static final Duration[] POLL_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry meters;
    private final SnapshotStore store;
    private final Counter healthChecks;
    private final Counter unhealthyChecks;
    private final Counter unhealthyTransitions;
    private final Map<Input, Timer> pollDurations = new EnumMap<>(Input.class);
    private final TransitionFeed transitions = new TransitionFeed();
    private final Map<String, Counter> agentReplies = new ConcurrentHashMap<>();

    /** Registers every series; the census ones only when the store's snapshots carry census state. */
    SignalMetrics(MeterRegistry meters, SnapshotStore store) {
        this.meters = requireNonNull(meters, "meters is null");
        this.store = requireNonNull(store, "store is null");
        boolean censusEnabled = !censusOff(store);
        gauge(HEALTH, "1 when the node is reported healthy (/signal/health answers 200), else 0",
                () -> bit(store.view().passesHealthCheck()));
        gauge(CENSUS, "1 when census polling is on and the latest census poll succeeded, else 0",
                () -> bit(store.current().census().filter(CensusState::current).isPresent()));
        healthChecks = counter(HEALTH_CHECK,
                "Health questions answered: /signal/health and /about/health requests and HAProxy agent connections");
        unhealthyChecks = counter(UNHEALTHY_CHECK, "Health questions answered unhealthy (503 or an agent 'down')");
        unhealthyTransitions = counter(UNHEALTHY_TOTAL, "Times the reported health went from healthy to unhealthy");
        gauge(SUM_SQUARED, "Sum over prosody rooms of participants squared (0 with census off, NaN when the census failed)",
                () -> censusOff(store) ? 0 : census(store, CensusSummary::sumSquaredParticipants));
        gauge(JICOFO_PARTICIPANTS, "Participants jicofo reports (NaN when unknown)",
                () -> jicofo(store).map(c -> (double) c.participants()).orElse(Double.NaN));
        gauge(JICOFO_CONFERENCES, "Conferences jicofo reports (NaN when unknown)",
                () -> jicofo(store).filter(c -> c.conferences().isPresent())
                        .map(c -> (double) c.conferences().getAsLong()).orElse(Double.NaN));
        if (censusEnabled) {
            gauge(CENSUS_PARTICIPANTS, "Participants in prosody's room census (NaN when the census failed)",
                    () -> census(store, CensusSummary::participants));
            gauge(CENSUS_ROOMS, "Rooms in prosody's room census (NaN when the census failed)",
                    () -> census(store, CensusSummary::rooms));
        }
        gauge(WEIGHT, "The weight HAProxy is told, 0-100", () -> (double) store.view().weightPercent());
        for (NodeStatus status : NodeStatus.values()) {
            Gauge.builder(STATUS, () -> bit(store.view().status() == status))
                    .description("1 for the reported status (ready, drain, maint, unknown), 0 for the others")
                    .tag("status", status.word())
                    .register(meters);
        }
        for (Input input : Input.values()) {
            Optional<String> label = input.metricLabel();
            if (label.isEmpty() || input == Input.CENSUS && !censusEnabled) {
                continue;
            }
            Tags peer = Tags.of("peer", label.get());
            pollDurations.put(input, Timer.builder(POLL_DURATION)
                    .description("How long each poll request took, failures included")
                    .tags(peer)
                    .serviceLevelObjectives(POLL_BUCKETS)
                    .register(meters));
            Gauge.builder(POLL_STATUS_CODE, () -> (double) input.response(store.current().observations())
                            .map(PeerResponse::statusCode).orElse(0))
                    .description("HTTP status of the latest poll request (0 when there was no answer)")
                    .tags(peer)
                    .register(meters);
        }
        for (String health : List.of("up", "down")) {
            for (NodeStatus admin : List.of(NodeStatus.READY, NodeStatus.DRAIN, NodeStatus.MAINT)) {
                registerAgentReply(health, admin.word());
            }
        }
    }

    /**
     * Feeds the per-poll series: one call per completed poll, and one per amendment of the status
     * file, whose requests are its poll's and were counted then. {@code signal_unhealthy_total}
     * counts each {@linkplain Transition#reportedHealthLost() reported loss of health}, the ones time
     * made since the last publication (a drain grace running out) included, as the events list them.
     */
    @Override
    public void published(Snapshot previous, Snapshot current) {
        if (!current.amended()) {
            recordRequests(current);
        }
        for (Transition transition : transitions.published(previous, current, store.clock().instant())) {
            if (transition.reportedHealthLost()) {
                unhealthyTransitions.increment();
            }
        }
    }

    private void recordRequests(Snapshot current) {
        for (Map.Entry<Input, Timer> entry : pollDurations.entrySet()) {
            entry.getKey().response(current.observations()).ifPresent(response -> {
                if (response.outcome() != Outcome.NOT_POLLED) {
                    entry.getValue().record(response.elapsed());
                }
                errorCause(response).ifPresent(cause -> Counter.builder(POLL_ERRORS)
                        .description("Poll requests that failed, by peer and cause")
                        .tags("peer", entry.getKey().metricLabel().orElseThrow(), "cause", cause)
                        .register(meters)
                        .increment());
            });
        }
    }

    /** One {@code /signal/health} or {@code /about/health} answer, made from {@code view}. */
    void healthAnswered(NodeView view) {
        healthChecks.increment();
        if (!view.passesHealthCheck()) {
            unhealthyChecks.increment();
        }
    }

    /** One HAProxy agent reply, made from {@code view}: counted by its health and admin words. */
    void agentReplied(NodeView view) {
        healthAnswered(view);
        Counter counter = agentReplies.get(view.agentHealthWord() + " " + view.agentAdminWord());
        if (counter != null) {
            counter.increment();
        }
    }

    /**
     * Why a poll request failed, as the {@code cause} label says it: {@code refused}, {@code timeout},
     * {@code error} (reset, protocol error, oversized body...), {@code status} (an HTTP status other
     * than 200) or {@code body} (200 with a body that could not be used); empty when it succeeded.
     */
    static Optional<String> errorCause(PeerResponse response) {
        return switch (response.outcome()) {
            case NOT_POLLED -> Optional.empty();
            case RESPONDED -> response.ok()
                    ? Optional.empty()
                    : Optional.of(response.statusCode() == 200 ? "body" : "status");
            case REFUSED -> Optional.of("refused");
            case TIMED_OUT -> Optional.of("timeout");
            case FAILED -> Optional.of("error");
        };
    }

    /** The counter of replies starting with these two words, such as {@code up ready}. */
    private void registerAgentReply(String health, String admin) {
        Counter counter = Counter.builder(AGENT_REPLIES)
                .description("HAProxy agent replies, by health and admin word")
                .tags("health", health, "admin", admin)
                .register(meters);
        agentReplies.put(health + " " + admin, counter);
    }

    private void gauge(String name, String description, Supplier<Double> value) {
        Gauge.builder(name, value::get).description(description).register(meters);
    }

    private Counter counter(String name, String description) {
        return Counter.builder(name).description(description).register(meters);
    }

    private static double bit(boolean value) {
        return value ? 1 : 0;
    }

    private static Optional<JicofoCounts> jicofo(SnapshotStore store) {
        return store.current().assessment().counts();
    }

    private static boolean censusOff(SnapshotStore store) {
        return store.current().census().isEmpty();
    }

    private static double census(SnapshotStore store, Function<CensusSummary, Number> value) {
        return store.current().census()
                .flatMap(state -> state.latest().summary())
                .map(summary -> value.apply(summary).doubleValue())
                .orElse(Double.NaN);
    }
}
