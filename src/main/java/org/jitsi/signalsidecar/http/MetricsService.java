package org.jitsi.signalsidecar.http;

import java.util.Optional;

import io.helidon.common.media.type.MediaType;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.jitsi.signalsidecar.observe.SidecarMetrics;

import static java.util.Objects.requireNonNull;

/**
 * {@code /metrics}: this sidecar's series as Prometheus text, or as OpenMetrics when the
 * {@code Accept} header prefers it (Prometheus does); 406 when it accepts neither. {@code HEAD}
 * gets the same headers and length; other methods 405.
 */
public final class MetricsService implements HttpService {
    private static final String METHODS = "GET, HEAD";

    private final SidecarMetrics metrics;

    public MetricsService(SidecarMetrics metrics) {
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/metrics", this::metrics)
                .head("/metrics", this::metrics)
                .any("/metrics", Responses.methodNotAllowed(METHODS));
    }

    private void metrics(ServerRequest req, ServerResponse res) {
        res.header(Responses.NO_CACHE).header(HeaderValues.X_CONTENT_TYPE_OPTIONS_NOSNIFF);
        Optional<MediaType> format = req.headers()
                .bestAccepted(MediaTypes.TEXT_PLAIN, MediaTypes.APPLICATION_OPENMETRICS_TEXT);
        if (format.isEmpty()) {
            Responses.send(req, res.status(Status.NOT_ACCEPTABLE_406), new byte[0]);
            return;
        }
        boolean openMetrics = format.get().equals(MediaTypes.APPLICATION_OPENMETRICS_TEXT);
        res.headers().contentType(format.get());
        Responses.send(req, res, openMetrics ? metrics.openMetricsText() : metrics.prometheusText());
    }
}
