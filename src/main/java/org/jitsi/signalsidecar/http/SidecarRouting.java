package org.jitsi.signalsidecar.http;

import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.PathMatchers;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.jitsi.signalsidecar.report.SnapshotStore;

/**
 * Every HTTP route of the sidecar, in one place: {@code /signal/*} and {@code /about/health}
 * here, {@code /health*} through Helidon's observe feature ({@link #observe}).
 */
public final class SidecarRouting {
    private static final System.Logger LOG = System.getLogger(SidecarRouting.class.getName());
    private static final List<String> HEALTH_PATHS = List.of("/health", "/health/live", "/health/ready");

    private SidecarRouting() {
    }

    public static void routing(HttpRouting.Builder routing, SnapshotStore store, boolean reportAlways200) {
        // the health observer answers GET and HEAD; anything else is a wrong method, not an unknown path
        for (String path : HEALTH_PATHS) {
            routing.route(method -> !method.equals(Method.GET) && !method.equals(Method.HEAD), PathMatchers.exact(path),
                    Responses::methodNotAllowed);
        }
        routing.register(new SignalService(store, reportAlways200))
                .error(Throwable.class, (req, res, error) -> {
                    LOG.log(Level.ERROR, "Request " + req.prologue().method().text() + " "
                            + req.path().path() + " failed.", error);
                    res.status(Status.INTERNAL_SERVER_ERROR_500)
                            .header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN)
                            .send("Internal Server Error");
                });
    }

    /**
     * {@code /health}, {@code /health/live} and {@code /health/ready} (see {@link HealthChecks}).
     * Nothing is discovered from the class path.
     */
    public static ObserveFeature observe(SnapshotStore store, Duration stallLimit, BooleanSupplier agentAccepting) {
        return ObserveFeature.builder()
                .endpoint("/")
                .observersDiscoverServices(false)
                .addObserver(HealthChecks.observer(store, stallLimit, agentAccepting))
                .build();
    }
}
