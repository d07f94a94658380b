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
import io.helidon.webserver.observe.ObserveFeatureConfig;
import org.jitsi.signalsidecar.consul.ConsulFeatures;
import org.jitsi.signalsidecar.http.wire.WholeResponses;
import org.jitsi.signalsidecar.observe.HealthChecks;
import org.jitsi.signalsidecar.observe.SidecarMetrics;
import org.jitsi.signalsidecar.report.SnapshotStore;

/**
 * Every HTTP route of the sidecar, in one place: {@code /signal/*} and {@code /about/health}
 * here, {@code /health*} and {@code /metrics} through Helidon's observe feature ({@link #observe}).
 */
public final class SidecarRouting {
    private static final System.Logger LOG = System.getLogger(SidecarRouting.class.getName());
    private static final List<String> HEALTH_PATHS = List.of("/health", "/health/live", "/health/ready");

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
        routing.addFilter(new WholeResponses(Set.copyOf(HEALTH_PATHS)));
        metrics.ifPresent(m -> routing.addFilter(m.httpFilter()));
        // the health observer answers GET and HEAD; anything else is a wrong method, not an unknown path
        for (String path : HEALTH_PATHS) {
            routing.route(method -> !method.equals(Method.GET) && !method.equals(Method.HEAD), PathMatchers.exact(path),
                    Responses.methodNotAllowed("GET, HEAD"));
        }
        // Helidon's metrics observer answers GET only; HEAD gets the same headers and length
        metrics.ifPresent(m -> routing.head("/metrics", (req, res) -> Responses.send(req, res
                .header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN)
                .header(Responses.NO_CACHE)
                .header(HeaderValues.X_CONTENT_TYPE_OPTIONS_NOSNIFF), m.prometheusText())));
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
     * and {@code /metrics} when metrics are on. Nothing is discovered from the class path: without
     * metrics there is no {@code /metrics} at all.
     */
    public static ObserveFeature observe(SnapshotStore store, Duration stallLimit, BooleanSupplier agentAccepting,
                                         Optional<SidecarMetrics> metrics) {
        return observe(store, stallLimit, agentAccepting, metrics, ConsulFeatures.none());
    }

    /** The same, with a {@code consul} health check when a Consul feature is on. */
    public static ObserveFeature observe(SnapshotStore store, Duration stallLimit, BooleanSupplier agentAccepting,
                                         Optional<SidecarMetrics> metrics, ConsulFeatures consul) {
        ObserveFeatureConfig.Builder observe = ObserveFeature.builder()
                .endpoint("/")
                .observersDiscoverServices(false)
                .addObserver(HealthChecks.observer(store, stallLimit, agentAccepting, consul));
        metrics.ifPresent(m -> observe.addObserver(m.observer()));
        return observe.build();
    }
}
