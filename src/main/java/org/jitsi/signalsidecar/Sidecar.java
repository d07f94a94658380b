package org.jitsi.signalsidecar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jitsi.signalsidecar.agent.AgentServer;
import org.jitsi.signalsidecar.config.PeerSettings;
import org.jitsi.signalsidecar.config.SidecarConfig;
import org.jitsi.signalsidecar.config.Timings;
import org.jitsi.signalsidecar.consul.ConsulFeatures;
import org.jitsi.signalsidecar.control.BearerToken;
import org.jitsi.signalsidecar.control.FailureLimiter;
import org.jitsi.signalsidecar.control.FailureLog;
import org.jitsi.signalsidecar.control.StatusControl;
import org.jitsi.signalsidecar.fleet.FleetReader;
import org.jitsi.signalsidecar.fleet.FleetWatch;
import org.jitsi.signalsidecar.http.EventsService;
import org.jitsi.signalsidecar.http.FleetPageService;
import org.jitsi.signalsidecar.http.SidecarRouting;
import org.jitsi.signalsidecar.http.StatusPageService;
import org.jitsi.signalsidecar.http.StatusService;
import org.jitsi.signalsidecar.http.wire.WireServer;
import org.jitsi.signalsidecar.lifecycle.Lifecycle;
import org.jitsi.signalsidecar.lifecycle.Lifecycle.Part;
import org.jitsi.signalsidecar.lifecycle.Sleeper;
import org.jitsi.signalsidecar.observe.DumpRunner;
import org.jitsi.signalsidecar.observe.HealthChecks;
import org.jitsi.signalsidecar.observe.SidecarMetrics;
import org.jitsi.signalsidecar.observe.StateChangeLog;
import org.jitsi.signalsidecar.poll.PollLoop;
import org.jitsi.signalsidecar.poll.Poller;
import org.jitsi.signalsidecar.report.AgentReply;
import org.jitsi.signalsidecar.report.EventRecorder;
import org.jitsi.signalsidecar.report.NumberHistory;
import org.jitsi.signalsidecar.report.Observations;
import org.jitsi.signalsidecar.report.Snapshot;
import org.jitsi.signalsidecar.report.SnapshotStore;
import org.jitsi.signalsidecar.statusfile.StatusFileWatch;
import org.jitsi.signalsidecar.statusfile.StatusFileWriter;

import static java.util.Objects.requireNonNull;

/**
 * A running sidecar: the poll loop, the HTTP server and the HAProxy agent, wired by hand. Every
 * part is built first, then one {@link Lifecycle} starts them in order and {@link #close()} closes
 * them in reverse; a part that fails to start closes those started before it.
 */
public final class Sidecar implements AutoCloseable {
    private final SnapshotStore store;
    private final Lifecycle lifecycle;
    private final AgentServer agent;
    private final WireServer web;
    private final Optional<ConsulFeatures> consul;

    private Sidecar(SnapshotStore store, Lifecycle lifecycle, AgentServer agent, WireServer web,
                    Optional<ConsulFeatures> consul) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.agent = agent;
        this.web = web;
        this.consul = consul;
    }

    /**
     * Binds the agent, then the HTTP listener, then starts polling and watching the status file.
     *
     * @throws UncheckedIOException when a listener cannot bind
     */
    public static Sidecar start(SidecarConfig config, Clock clock) {
        requireNonNull(config, "config is null");
        requireNonNull(clock, "clock is null");
        return start(config, clock, () -> {
            Poller poller = new Poller(config.peers(), clock);
            return new Polling(poller::poll, poller::close);
        }, true);
    }

    /** The same sidecar with a poller of the caller's (one whose reads a test can block); it stops the poller. */
    static Sidecar start(SidecarConfig config, Clock clock, Poller poller) {
        return start(config, clock, () -> new Polling(poller::poll, poller::close), true);
    }

    /**
     * The same sidecar with another poll, e.g. one a test scripts or blocks; the caller stops that
     * poll. The status file is not watched: the scripted poll says what it holds.
     */
    static Sidecar start(SidecarConfig config, Clock clock, Supplier<Observations> poll) {
        return start(config, clock, () -> new Polling(poll, () -> { }), false);
    }

    /** What the loop polls with, and how to stop it. */
    private record Polling(Supplier<Observations> poll, Runnable close) {
    }

    /**
     * The agent is bound and answering ({@code down drain 0%} until the first poll) before
     * anything slow is built: the poller's HTTP client, the metrics registry and the web server
     * take most of the start-up, and HAProxy should hear from a starting node at once. Agent
     * replies made before the metrics exist are not counted. Whatever is built after the agent is
     * owned by the lifecycle as soon as it exists, so a failure half-way closes it all.
     */
    private static Sidecar start(SidecarConfig config, Clock clock, Supplier<Polling> polling,
                                 boolean watchStatusFile) {
        SnapshotStore store = new SnapshotStore(Snapshot.initial(clock.instant(), config.rules(),
                config.agentExtensions(), config.peers().censusEnabled()), clock);
        AtomicReference<Consumer<AgentReply>> replied = new AtomicReference<>(reply -> { });
        AgentServer agent = new AgentServer(config.agent(), config.limits().agentMaxConnections(), store::agentReply,
                reply -> replied.get().accept(reply));
        Lifecycle lifecycle = new Lifecycle();
        lifecycle.start(new Part("agent", () -> startAgent(agent, config), agent::close));
        try {
            return build(config, clock, polling.get(), watchStatusFile, store, agent, replied, lifecycle);
        } catch (RuntimeException | Error e) {
            lifecycle.close();
            throw e;
        }
    }

    private static void startAgent(AgentServer agent, SidecarConfig config) {
        try {
            agent.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for HAProxy on " + config.agent().host() + ":"
                    + config.agent().port() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Builds the rest (each part owned by {@code lifecycle} once built), then starts it in order. A
     * feature that is off is not built, and no code that names its types runs, so its classes (and
     * what they bring: a Consul client, TLS, the metrics registry...) are not even loaded.
     */
    private static Sidecar build(SidecarConfig config, Clock clock, Polling poll, boolean watchStatusFile,
                                 SnapshotStore store, AgentServer agent,
                                 AtomicReference<Consumer<AgentReply>> replied, Lifecycle lifecycle) {
        lifecycle.own("poller", poll.close()::run);
        Optional<SidecarMetrics> metrics = config.metricsEnabled()
                ? Optional.of(metrics(store, lifecycle, replied))
                : Optional.empty();
        store.addListener(new StateChangeLog(clock));
        EventRecorder events = new EventRecorder(config.operator().eventsMax(), store.current(), clock);
        store.addListener(events);
        NumberHistory numbers = new NumberHistory(config.peers().pollInterval());
        store.addListener(numbers);
        if (config.dumps().any()) {
            DumpRunner dumps = new DumpRunner(config.dumps());
            lifecycle.own("dump scripts", dumps);
            store.addListener(dumps);
        }
        PollLoop loop = new PollLoop(poll.poll(), store, config.peers().pollInterval(), Sleeper.system());
        // one writer for the drain-control API and the Consul watch, so their writes take turns
        StatusFileWriter statusWriter = new StatusFileWriter(config.peers().statusFile());
        statusWriter.removeLeftovers();
        Optional<StatusService> control = config.control().token().isPresent()
                ? Optional.of(drainControl(config, clock, store, statusWriter, loop))
                : Optional.empty();
        Optional<ConsulFeatures> consul = config.consul().enabled()
                ? Optional.of(consul(config, clock, store, statusWriter, loop, metrics))
                : Optional.empty();
        Optional<FleetWatch> fleet = config.operator().pageEnabled() && config.consul().publishReports()
                ? fleetWatch(config, clock)
                : Optional.empty();
        WireServer web = new WireServer(config.limits(), config.http().host(), config.http().port(),
                SidecarRouting.STREAMED_PATHS,
                server -> server
                        .featuresDiscoverServices(false)
                        .addFeature(SidecarRouting.observe(store, HealthChecks.stallLimit(config.peers()),
                                agent::accepting, consul)),
                routing -> {
                    SidecarRouting.routing(routing, store, config.reportAlways200(), metrics, control);
                    routing.register(new EventsService(store, events));
                    if (config.operator().pageEnabled()) {
                        routing.register(new StatusPageService(store, events, numbers));
                        if (fleet.isPresent()) {
                            routing.register(new FleetPageService(fleet.get(), config.consul().reportInterval()));
                        }
                    }
                });

        lifecycle.start(new Part("http", () -> startWeb(web, config), web::close));
        lifecycle.start(new Part("poll loop", loop::start, loop::close));
        if (watchStatusFile) {
            StatusFileWatch watch = new StatusFileWatch(config.peers().statusFile(), store);
            lifecycle.start(new Part("status file watch", watch::start, watch::close));
        }
        if (consul.isPresent()) {
            lifecycle.start(new Part("consul", consul.get()::start, consul.get()::close));
        }
        if (fleet.isPresent()) {
            lifecycle.start(new Part("fleet view", fleet.get()::start, fleet.get()::close));
        }
        return new Sidecar(store, lifecycle, agent, web, consul);
    }

    /** The metrics registry, counting agent replies and polls from now on. */
    private static SidecarMetrics metrics(SnapshotStore store, Lifecycle lifecycle,
                                          AtomicReference<Consumer<AgentReply>> replied) {
        SidecarMetrics metrics = new SidecarMetrics(store);
        lifecycle.own("metrics", metrics);
        replied.set(metrics::agentReplied);
        store.addListener(metrics.pollListener());
        return metrics;
    }

    /** The drain-control API ({@code PUT /signal/status}), when a token is configured. */
    private static StatusService drainControl(SidecarConfig config, Clock clock, SnapshotStore store,
                                              StatusFileWriter statusWriter, PollLoop loop) {
        StatusService control = new StatusService(
                new StatusControl(statusWriter, store, loop::pollNow, publishTimeout(config.peers())),
                new BearerToken(config.control().token().orElseThrow()), new FailureLimiter(clock),
                new FailureLog(clock));
        store.addListener((previous, current) -> control.flushFailureLog());
        return control;
    }

    /** The Consul watch and publisher (the ones configured), with their series when there are metrics. */
    private static ConsulFeatures consul(SidecarConfig config, Clock clock, SnapshotStore store,
                                         StatusFileWriter statusWriter, PollLoop loop,
                                         Optional<SidecarMetrics> metrics) {
        ConsulFeatures consul = ConsulFeatures.of(config.consul(), config.peers().requestTimeout(), statusWriter,
                loop::pollNow, store, clock, Sleeper.system());
        metrics.ifPresent(m -> m.consul(consul));
        return consul;
    }

    private static void startWeb(WireServer web, SidecarConfig config) {
        try {
            web.start();
        } catch (RuntimeException e) {
            throw new UncheckedIOException("cannot listen for HTTP on " + config.http().host() + ":"
                    + config.http().port() + ": " + e.getMessage(), new IOException(e));
        }
    }

    /**
     * How long a drain-control change waits for a poll to publish it: the poll under way, if any,
     * then the one it asked for, each bounded by the request timeout.
     */
    private static Duration publishTimeout(PeerSettings peers) {
        return Timings.of(peers).publishTimeout();
    }

    public int httpPort() {
        return web.port();
    }

    public int agentPort() {
        return agent.port();
    }

    public SnapshotStore store() {
        return store;
    }

    /**
     * The status page's {@code /fleet} (on with the page and the report publisher): when the report's
     * key has a parent prefix (the environment it reads).
     */
    private static Optional<FleetWatch> fleetWatch(SidecarConfig config, Clock clock) {
        return FleetReader.Prefixes.of(config.consul(), Optional.empty()).map(prefixes -> new FleetWatch(
                config.consul(), prefixes, config.peers().requestTimeout(), clock, Sleeper.system()));
    }

    /** The Consul watch and publisher, when either is configured. */
    public Optional<ConsulFeatures> consul() {
        return consul;
    }

    /**
     * Starts the shutdown grace: from now on the agent says {@code drain} (weight 0) and the HTTP
     * health checks answer 503, while polling goes on; {@link #close()} ends it.
     */
    public void beginStopping() {
        store.stopping();
    }

    /**
     * Stops Consul, watching and polling, then the HTTP listener, any dump script still running, the
     * metrics and the poller, and the agent last: the reverse of the start. Once: later calls (a
     * shutdown hook after a graceful stop) do nothing.
     */
    @Override
    public void close() {
        lifecycle.close();
    }
}
