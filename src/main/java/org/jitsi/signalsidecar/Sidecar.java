package org.jitsi.signalsidecar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import org.jitsi.signalsidecar.agent.AgentServer;
import org.jitsi.signalsidecar.config.PeerSettings;
import org.jitsi.signalsidecar.config.SidecarConfig;
import org.jitsi.signalsidecar.consul.ConsulFeatures;
import org.jitsi.signalsidecar.control.BearerToken;
import org.jitsi.signalsidecar.control.FailureLimiter;
import org.jitsi.signalsidecar.control.FailureLog;
import org.jitsi.signalsidecar.control.StatusControl;
import org.jitsi.signalsidecar.http.EventsService;
import org.jitsi.signalsidecar.http.SidecarRouting;
import org.jitsi.signalsidecar.http.StatusPageService;
import org.jitsi.signalsidecar.http.StatusService;
import org.jitsi.signalsidecar.http.wire.HttpListener;
import org.jitsi.signalsidecar.http.wire.SupervisedWebServer;
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

/** A running sidecar: the poll loop, the HTTP server and the HAProxy agent, wired by hand. */
public final class Sidecar implements AutoCloseable {
    private final SnapshotStore store;
    private final Runnable closePoll;
    private final PollLoop loop;
    private final Optional<StatusFileWatch> watch;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AgentServer agent;
    private final SupervisedWebServer web;
    private final HttpListener listener;
    private final DumpRunner dumps;
    private final Optional<SidecarMetrics> metrics;
    private final ConsulFeatures consul;

    private Sidecar(SnapshotStore store, Runnable closePoll, PollLoop loop, Optional<StatusFileWatch> watch,
                    AgentServer agent, SupervisedWebServer web, HttpListener listener, DumpRunner dumps, Optional<SidecarMetrics> metrics,
                    ConsulFeatures consul) {
        this.store = store;
        this.closePoll = closePoll;
        this.loop = loop;
        this.watch = watch;
        this.agent = agent;
        this.web = web;
        this.listener = listener;
        this.dumps = dumps;
        this.metrics = metrics;
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
     * replies made before the metrics exist are not counted.
     */
    private static Sidecar start(SidecarConfig config, Clock clock, Supplier<Polling> polling,
                                 boolean watchStatusFile) {
        SnapshotStore store = new SnapshotStore(Snapshot.initial(clock.instant(), config.rules(),
                config.agentExtensions(), config.peers().censusEnabled()), clock);
        AtomicReference<Consumer<AgentReply>> replied = new AtomicReference<>(reply -> { });
        AgentServer agent = new AgentServer(config.agent(), config.limits().agentMaxConnections(), store::agentReply, reply -> replied.get().accept(reply));
        try {
            agent.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for HAProxy on " + config.agent().host() + ":"
                    + config.agent().port() + ": " + e.getMessage(), e);
        }
        Polling poll;
        Optional<SidecarMetrics> metrics;
        try {
            poll = polling.get();
        } catch (RuntimeException e) {
            agent.close();
            throw e;
        }
        try {
            metrics = config.metricsEnabled()
                    ? Optional.of(new SidecarMetrics(Services.get(MeterRegistry.class), store))
                    : Optional.empty();
        } catch (RuntimeException e) {
            agent.close();
            poll.close().run();
            throw e;
        }
        metrics.ifPresent(m -> replied.set(m::agentReplied));
        store.addListener(new StateChangeLog());
        EventRecorder events = new EventRecorder(config.operator().eventsMax(), store.current(), clock);
        store.addListener(events);
        NumberHistory numbers = new NumberHistory(config.peers().pollInterval());
        store.addListener(numbers);
        metrics.ifPresent(m -> store.addListener(m.pollListener()));
        DumpRunner dumps = new DumpRunner(config.dumps());
        store.addListener(dumps);
        PollLoop loop = new PollLoop(poll.poll(), store, config.peers().pollInterval());
        // one writer for the drain-control API and the Consul watch, so their writes take turns
        StatusFileWriter statusWriter = new StatusFileWriter(config.peers().statusFile());
        statusWriter.removeLeftovers();
        Optional<StatusService> control = config.control().token().map(token -> new StatusService(
                new StatusControl(statusWriter, store, loop::pollNow,
                        publishTimeout(config.peers())),
                new BearerToken(token), new FailureLimiter(clock), new FailureLog(clock)));
        control.ifPresent(c -> store.addListener((previous, current) -> c.flushFailureLog()));
        ConsulFeatures consul = ConsulFeatures.of(config.consul(), config.peers().requestTimeout(), statusWriter, loop,
                store, clock);
        metrics.ifPresent(m -> m.consul(consul));
        SupervisedWebServer web;
        HttpListener listener = new HttpListener(config.limits());
        try {
            web = SupervisedWebServer.start(port -> {
                WebServerConfig.Builder builder = WebServer.builder()
                        .host(config.http().host())
                        .port(port);
                listener.configure(builder);
                return builder
                        .featuresDiscoverServices(false)
                        .addFeature(SidecarRouting.observe(store, HealthChecks.stallLimit(config.peers()),
                                agent::accepting, metrics, consul))
                        .routing(routing -> {
                            SidecarRouting.routing(routing, store, config.reportAlways200(), metrics, control);
                            routing.register(new EventsService(store, events));
                            if (config.operator().pageEnabled()) {
                                routing.register(new StatusPageService(store, events, numbers));
                            }
                        })
                        .build()
                        .start();
            }, config.http().host(), config.http().port());
        } catch (RuntimeException e) {
            listener.close();
            agent.close();
            poll.close().run();
            metrics.ifPresent(SidecarMetrics::close);
            consul.close();
            throw new UncheckedIOException("cannot listen for HTTP on " + config.http().host() + ":"
                    + config.http().port() + ": " + e.getMessage(), new IOException(e));
        }
        loop.start();
        Optional<StatusFileWatch> watch = watchStatusFile
                ? Optional.of(new StatusFileWatch(config.peers().statusFile(), store))
                : Optional.empty();
        watch.ifPresent(StatusFileWatch::start);
        consul.start();
        return new Sidecar(store, poll.close(), loop, watch, agent, web, listener, dumps, metrics, consul);
    }

    /**
     * How long a drain-control change waits for a poll to publish it: the poll under way, if any,
     * then the one it asked for, each bounded by the request timeout.
     */
    private static Duration publishTimeout(PeerSettings peers) {
        return peers.requestTimeout().multipliedBy(2).plusSeconds(1);
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

    /** The Consul watch and publisher, when configured. */
    public ConsulFeatures consul() {
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
     * Stops Consul, polling and watching, then both listeners, then any dump script still running. Once:
     * later calls (a shutdown hook after a graceful stop) do nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        consul.close();
        watch.ifPresent(StatusFileWatch::close);
        loop.close();
        closePoll.run();
        agent.close();
        web.close();
        listener.close();
        dumps.close();
        metrics.ifPresent(SidecarMetrics::close);
    }
}
