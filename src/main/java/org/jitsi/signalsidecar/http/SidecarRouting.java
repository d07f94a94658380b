package org.jitsi.signalsidecar.http;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Method;
import io.helidon.http.PathMatchers;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import org.jitsi.signalsidecar.consul.ConsulFeatures;
import org.jitsi.signalsidecar.observe.HealthChecks;
import org.jitsi.signalsidecar.observe.SidecarMetrics;
import org.jitsi.signalsidecar.report.SnapshotStore;

/**
 * Every HTTP route of the sidecar, in one place: {@code /signal/*}, {@code /about/health} and
 * {@code /metrics} here, {@code /health*} through Helidon's observe feature ({@link #observe}).
 */
public final class SidecarRouting {
    private static final System.Logger LOG = System.getLogger(SidecarRouting.class.getName());
    private static final List<String> HEALTH_PATHS = List.of("/health", "/health/live", "/health/ready");
    /**
     * The paths whose handlers write to Helidon's output stream (the health observer's) rather than
     * send bytes: the server must hold their answers until complete to send them with a length.
     */
    public static final Set<String> STREAMED_PATHS = Set.copyOf(HEALTH_PATHS);

    private SidecarRouting() {
    }

    /** The routes; with metrics, every request is counted and health answers are told to them. */
    public static void routing(HttpRouting.Builder routing, SnapshotStore store, boolean reportAlways200,
                               Optional<SidecarMetrics> metrics) {
        routing(routing, store, reportAlways200, metrics, Optional.empty());
    }

    /**
     * The routes, and with {@code control} the drain-control API at {@code /signal/status}; without
     * it that path is unknown (404) like any other.
     */
    public static void routing(HttpRouting.Builder routing, SnapshotStore store, boolean reportAlways200,
                               Optional<SidecarMetrics> metrics, Optional<StatusService> control) {
        routing.addFilter(new RequestGuard());
        metrics.ifPresent(m -> routing.addFilter(m.httpFilter()));
        // the health observer answers GET and HEAD; anything else is a wrong method, not an unknown path
        for (String path : HEALTH_PATHS) {
            routing.route(method -> !method.equals(Method.GET) && !method.equals(Method.HEAD), PathMatchers.exact(path),
                    Responses.methodNotAllowed("GET, HEAD"));
        }
        metrics.ifPresent(m -> routing.register(new MetricsService(m)));
        control.ifPresent(routing::register);
        routing.register(new SignalService(store, reportAlways200,
                        view -> metrics.ifPresent(m -> m.healthAnswered(view))))
                // with a filter in place (the metrics), an unknown path reaches the error handlers as a
                // NotFoundException: answer it with its own status, not as a failure
                .error(HttpException.class, (req, res, error) -> Responses.send(req, res.status(error.status())
                        .header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN), error.status().reasonPhrase()))
                .error(Throwable.class, (req, res, error) -> {
                    LOG.log(Level.ERROR, "Request " + req.prologue().method().text() + " "
                            + req.path().path() + " failed.", error);
                    res.status(Status.INTERNAL_SERVER_ERROR_500)
                            .header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN)
                            .send("Internal Server Error");
                });
    }

    /**
     * {@code /health}, {@code /health/live} and {@code /health/ready} (see {@link HealthChecks}),
     * with a {@code consul} check when a Consul feature is on. Nothing is discovered from the class
     * path: no other observer is served.
     */
    public static ObserveFeature observe(SnapshotStore store, Duration stallLimit, BooleanSupplier agentAccepting,
                                         Optional<ConsulFeatures> consul) {
        HealthObserver health = consul.isPresent()
                ? HealthChecks.observer(store, stallLimit, agentAccepting, consul.get())
                : HealthChecks.observer(store, stallLimit, agentAccepting);
        return ObserveFeature.builder()
                .endpoint("/")
                .observersDiscoverServices(false)
                .addObserver(health)
                .build();
    }
}
