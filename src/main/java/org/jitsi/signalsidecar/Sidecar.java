package org.jitsi.signalsidecar;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;
import io.helidon.webserver.WebServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import org.jitsi.signalsidecar.agent.AgentServer;
import org.jitsi.signalsidecar.config.PeerSettings;
import org.jitsi.signalsidecar.config.SidecarConfig;
import org.jitsi.signalsidecar.control.BearerToken;
import org.jitsi.signalsidecar.control.FailureLimiter;
import org.jitsi.signalsidecar.control.StatusControl;
import org.jitsi.signalsidecar.dump.DumpRunner;
import org.jitsi.signalsidecar.http.HealthChecks;
import org.jitsi.signalsidecar.http.SidecarMetrics;
import org.jitsi.signalsidecar.http.SidecarRouting;
import org.jitsi.signalsidecar.http.StatusService;
import org.jitsi.signalsidecar.poll.PollLoop;
import org.jitsi.signalsidecar.poll.Poller;
import org.jitsi.signalsidecar.poll.StatusFileWatch;
import org.jitsi.signalsidecar.poll.StatusFileWriter;
import org.jitsi.signalsidecar.report.Observations;
import org.jitsi.signalsidecar.report.Snapshot;
import org.jitsi.signalsidecar.report.SnapshotStore;
import org.jitsi.signalsidecar.log.StateChangeLog;

import static java.util.Objects.requireNonNull;

/** A running sidecar: the poll loop, the HTTP server and the HAProxy agent, wired by hand. */
public final class Sidecar implements AutoCloseable {
    private final SnapshotStore store;
    private final Runnable closePoll;
    private final PollLoop loop;
    private final Optional<StatusFileWatch> watch;
    private final AgentServer agent;
    private final WebServer web;
    private final DumpRunner dumps;
    private final Optional<SidecarMetrics> metrics;

    private Sidecar(SnapshotStore store, Runnable closePoll, PollLoop loop, Optional<StatusFileWatch> watch,
                    AgentServer agent, WebServer web, DumpRunner dumps, Optional<SidecarMetrics> metrics) {
        this.store = store;
        this.closePoll = closePoll;
        this.loop = loop;
        this.watch = watch;
        this.agent = agent;
        this.web = web;
        this.dumps = dumps;
        this.metrics = metrics;
    }

    /**
     * Binds both listeners, then starts polling and watching the status file.
     *
     * @throws UncheckedIOException when a listener cannot bind
     */
    public static Sidecar start(SidecarConfig config, Clock clock) {
        requireNonNull(config, "config is null");
        requireNonNull(clock, "clock is null");
        Poller poller = new Poller(config.peers(), clock);
        try {
            return start(config, clock, poller::poll, poller::close, true);
        } catch (RuntimeException e) {
            poller.close();
            throw e;
        }
    }

    /**
     * The same sidecar with another poll, e.g. one a test scripts or blocks; the caller stops that
     * poll. The status file is not watched: the scripted poll says what it holds.
     */
    static Sidecar start(SidecarConfig config, Clock clock, Supplier<Observations> poll) {
        return start(config, clock, poll, () -> { }, false);
    }

    private static Sidecar start(SidecarConfig config, Clock clock, Supplier<Observations> poll, Runnable closePoll,
                                 boolean watchStatusFile) {
        SnapshotStore store = new SnapshotStore(Snapshot.initial(clock.instant(), config.rules(),
                config.agentExtensions(), config.peers().censusEnabled()), clock);
        store.addListener(new StateChangeLog());
        Optional<SidecarMetrics> metrics = config.metricsEnabled()
                ? Optional.of(new SidecarMetrics(Services.get(MeterRegistry.class), store))
                : Optional.empty();
        metrics.ifPresent(m -> store.addListener(m.pollListener()));
        DumpRunner dumps = new DumpRunner(config.dumps());
        store.addListener(dumps);
        PollLoop loop = new PollLoop(poll, store, config.peers().pollInterval());
        Optional<StatusService> control = config.control().token().map(token -> new StatusService(
                new StatusControl(new StatusFileWriter(config.peers().statusFile()), store, loop::pollNow,
                        publishTimeout(config.peers())),
                new BearerToken(token), new FailureLimiter(clock)));
        AgentServer agent = new AgentServer(config.agent(), store::agentReply,
                reply -> metrics.ifPresent(m -> m.agentReplied(reply)));
        try {
            agent.start();
        } catch (IOException e) {
            metrics.ifPresent(SidecarMetrics::close);
            throw new UncheckedIOException("cannot listen for HAProxy on " + config.agent().host() + ":"
                    + config.agent().port() + ": " + e.getMessage(), e);
        }
        WebServer web;
        try {
            web = WebServer.builder()
                    .host(config.http().host())
                    .port(config.http().port())
                    .connectionOptions(options -> options.tcpNoDelay(true))
                    .featuresDiscoverServices(false)
                    .addFeature(SidecarRouting.observe(store, HealthChecks.stallLimit(config.peers()), agent::accepting,
                            metrics))
                    .routing(routing -> SidecarRouting.routing(routing, store, config.reportAlways200(), metrics, control))
                    .build()
                    .start();
        } catch (RuntimeException e) {
            agent.close();
            metrics.ifPresent(SidecarMetrics::close);
            throw new UncheckedIOException("cannot listen for HTTP on " + config.http().host() + ":"
                    + config.http().port() + ": " + e.getMessage(), new IOException(e));
        }
        loop.start();
        Optional<StatusFileWatch> watch = watchStatusFile
                ? Optional.of(new StatusFileWatch(config.peers().statusFile(), store))
                : Optional.empty();
        watch.ifPresent(StatusFileWatch::start);
        return new Sidecar(store, closePoll, loop, watch, agent, web, dumps, metrics);
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

    /** Stops polling and watching, then both listeners, then any dump script still running. */
    @Override
    public void close() {
        watch.ifPresent(StatusFileWatch::close);
        loop.close();
        closePoll.run();
        agent.close();
        web.stop();
        dumps.close();
        metrics.ifPresent(SidecarMetrics::close);
    }
}
