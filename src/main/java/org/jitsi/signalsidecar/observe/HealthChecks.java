package org.jitsi.signalsidecar.observe;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.health.HealthObserverConfig;
import org.jitsi.signalsidecar.config.PeerSettings;
import org.jitsi.signalsidecar.config.Timings;
import org.jitsi.signalsidecar.consul.ConsulFeatures;
import org.jitsi.signalsidecar.consul.ConsulPublisher;
import org.jitsi.signalsidecar.consul.ConsulWatch;
import org.jitsi.signalsidecar.report.Assessment;
import org.jitsi.signalsidecar.report.Input;
import org.jitsi.signalsidecar.report.NodeView;
import org.jitsi.signalsidecar.report.ReportTime;
import org.jitsi.signalsidecar.report.Snapshot;
import org.jitsi.signalsidecar.report.SnapshotStore;

import static java.util.Objects.requireNonNull;

/**
 * The sidecar's own health at {@code /health}, {@code /health/live} and {@code /health/ready}, in
 * MicroProfile Health form, for Consul, Nomad and Kubernetes. Only the sidecar itself can be DOWN:
 * the signal node's state is carried as data of a check that is always UP, because those tools
 * restart or deregister the sidecar when {@code /health} fails ({@code /signal/health} is for the
 * node). Every check reads the latest snapshot and the store's clock; none calls a peer.
 */
public final class HealthChecks {
    static final String POLL_LOOP = "pollLoop";
    static final String AGENT_LISTENER = "agentListener";
    static final String DEADLOCK = "deadlock";
    static final String FIRST_POLL = "firstPoll";
    static final String SIGNAL_NODE = "signalNode";
    static final String CONSUL = "consul";

    private HealthChecks() {
    }

    /** How long the loop may go without completing a poll before it counts as stalled: see {@link Timings#stallLimit}. */
    public static Duration stallLimit(PeerSettings peers) {
        return Timings.of(peers).stallLimit();
    }

    /**
     * @param store          the snapshots and the clock
     * @param stallLimit     see {@link #stallLimit}
     * @param agentAccepting whether the HAProxy agent listener still accepts connections
     */
    public static HealthObserver observer(SnapshotStore store, Duration stallLimit, BooleanSupplier agentAccepting) {
        return builder(store, stallLimit, agentAccepting).build();
    }

    /** The same, plus a {@code consul} check when a Consul feature is on. */
    public static HealthObserver observer(SnapshotStore store, Duration stallLimit, BooleanSupplier agentAccepting,
                                          ConsulFeatures consul) {
        requireNonNull(consul, "consul is null");
        HealthObserverConfig.Builder builder = builder(store, stallLimit, agentAccepting);
        if (consul.enabled()) {
            builder.addCheck(() -> consul(consul, store.clock().instant()), HealthCheckType.READINESS, CONSUL);
        }
        return builder.build();
    }

    private static HealthObserverConfig.Builder builder(SnapshotStore store, Duration stallLimit,
                                                        BooleanSupplier agentAccepting) {
        requireNonNull(store, "store is null");
        requireNonNull(stallLimit, "stallLimit is null");
        requireNonNull(agentAccepting, "agentAccepting is null");
        return HealthObserver.builder()
                .details(true)
                .useSystemServices(false)
                .addCheck(() -> pollLoop(store, stallLimit), HealthCheckType.LIVENESS, POLL_LOOP)
                .addCheck(() -> agentListener(agentAccepting.getAsBoolean()), HealthCheckType.LIVENESS, AGENT_LISTENER)
                .addCheck(HealthChecks::deadlock, HealthCheckType.LIVENESS, DEADLOCK)
                .addCheck(() -> firstPoll(store.current()), HealthCheckType.READINESS, FIRST_POLL)
                .addCheck(() -> signalNode(store), HealthCheckType.READINESS, SIGNAL_NODE);
    }

    /**
     * Always UP: Consul being away must not get the sidecar restarted or deregistered, since the
     * node keeps serving from its status file. The watch's and the publisher's state as data.
     */
    static HealthCheckResponse consul(ConsulFeatures consul, Instant now) {
        HealthCheckResponse.Builder response = HealthCheckResponse.builder().status(true);
        consul.watch().map(ConsulWatch::state).ifPresent(state -> {
            response.detail("watchConnected", state.connected()).detail("watchIndex", state.index());
            state.lastError().ifPresent(error -> response.detail("watchLastError", error));
        });
        consul.publisher().map(ConsulPublisher::state).ifPresent(state -> {
            state.lastSuccess().ifPresent(time -> response.detail("lastPublish", ReportTime.format(time))
                    .detail("secondsSincePublish", seconds(Duration.between(time, now))));
            state.lastError().ifPresent(error -> response.detail("publishLastError", error));
            response.detail("publishFailing", state.failing());
        });
        return response.build();
    }

    /** UP while the latest completed poll (or the start, before the first) is at most {@code limit} old. */
    static HealthCheckResponse pollLoop(SnapshotStore store, Duration limit) {
        Snapshot snapshot = store.current();
        Instant now = store.clock().instant();
        Duration since = Duration.between(snapshot.time(), now);
        return HealthCheckResponse.builder()
                .status(since.compareTo(limit) <= 0)
                .detail(snapshot.polled() ? "lastPoll" : "startedAt", ReportTime.format(snapshot.time()))
                .detail("secondsSince", seconds(since))
                .detail("limitSeconds", seconds(limit))
                .build();
    }

    static HealthCheckResponse agentListener(boolean accepting) {
        return HealthCheckResponse.builder().status(accepting).build();
    }

    /** DOWN when JVM threads are deadlocked on monitors or locks; names them. */
    static HealthCheckResponse deadlock() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] ids = threads.findDeadlockedThreads();
        if (ids == null) {
            return HealthCheckResponse.builder().status(true).build();
        }
        List<String> names = new ArrayList<>();
        for (ThreadInfo info : threads.getThreadInfo(ids)) {
            if (info != null) {
                names.add(info.getThreadName());
            }
        }
        return HealthCheckResponse.builder().status(false).detail("threads", String.join(", ", names)).build();
    }

    /** UP once a poll has completed, so the data below describes the node rather than the start-up state. */
    static HealthCheckResponse firstPoll(Snapshot snapshot) {
        HealthCheckResponse.Builder response = HealthCheckResponse.builder().status(snapshot.polled());
        if (snapshot.polled()) {
            response.detail("lastPoll", ReportTime.format(snapshot.time()));
        }
        return response.build();
    }

    /** Always UP: the signal node's state as data, for a person reading {@code /health}. */
    static HealthCheckResponse signalNode(SnapshotStore store) {
        Snapshot snapshot = store.current();
        NodeView view = snapshot.viewAt(store.clock().instant());
        Assessment assessment = snapshot.assessment();
        HealthCheckResponse.Builder response = HealthCheckResponse.builder()
                .status(true)
                .detail("healthy", view.healthy())
                .detail("status", view.status().word())
                .detail("agentMessage", view.agentMessage())
                .detail("jicofoHealthy", assessment.jicofoHealthy())
                .detail("jicofoReachable", snapshot.observations().jicofoHealth().reachable())
                .detail("prosodyHealthy", assessment.prosodyHealthy())
                .detail("prosodyReachable", snapshot.observations().prosodyHealth().reachable());
        List<String> problems = problems(snapshot);
        if (!problems.isEmpty()) {
            response.detail("problems", String.join("; ", problems));
        }
        return response.build();
    }

    /** Every input's problem, jicofo's health and its stats both: an operator fixes them all. */
    static List<String> problems(Snapshot snapshot) {
        List<String> problems = new ArrayList<>();
        for (Input input : List.of(Input.JICOFO_HEALTH, Input.JICOFO_STATS, Input.PROSODY, Input.STATUS_FILE)) {
            input.problem(snapshot.observations()).ifPresent(problems::add);
        }
        return problems;
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
