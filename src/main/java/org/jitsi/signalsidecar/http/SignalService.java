package org.jitsi.signalsidecar.http;

import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

import org.jitsi.signalsidecar.report.CensusState;
import org.jitsi.signalsidecar.report.NodeView;
import org.jitsi.signalsidecar.report.Outcome;
import org.jitsi.signalsidecar.report.PeerResponse;
import org.jitsi.signalsidecar.report.ReportTime;
import org.jitsi.signalsidecar.report.Snapshot;
import org.jitsi.signalsidecar.report.SnapshotStore;

import static java.util.Objects.requireNonNull;

/**
 * The signal node's health for load balancers and dashboards, served from the latest snapshot
 * (never by calling a peer).
 */
public final class SignalService implements HttpService {
    private final SnapshotStore store;
    private final boolean reportAlways200;
    private final Consumer<NodeView> healthAnswered;

    /**
     * @param store           the snapshots
     * @param reportAlways200 answer {@code /signal/report} 200 even when unhealthy, as the original did
     * @param healthAnswered  told of the view behind each {@code /signal/health} and {@code /about/health}
     *                        answer (the metrics count them); {@code /signal/report} is a report, not a
     *                        health check, and is not told
     */
    public SignalService(SnapshotStore store, boolean reportAlways200, Consumer<NodeView> healthAnswered) {
        this.store = requireNonNull(store, "store is null");
        this.reportAlways200 = reportAlways200;
        this.healthAnswered = requireNonNull(healthAnswered, "healthAnswered is null");
    }

    @Override
    public void routing(HttpRules rules) {
        Responses.signalRoute(rules, "/signal/report", this::report);
        Responses.signalRoute(rules, "/signal/health", this::health);
        Responses.signalRoute(rules, "/about/health", this::health);
        Responses.signalRoute(rules, "/signal/census", this::census);
    }

    /** The JSON report: 200 when healthy, 503 with the same body when not. */
    private void report(ServerRequest req, ServerResponse res) {
        Snapshot snapshot = store.current();
        Instant now = store.clock().instant();
        boolean healthy = snapshot.viewAt(now).healthy();
        Responses.send(req, res.status(healthy || reportAlways200 ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .header(Responses.NO_CACHE), snapshot.reportAt(now));
    }

    /** {@code OK} (200) or {@code NOT_OK} (503), as the original answered. */
    private void health(ServerRequest req, ServerResponse res) {
        NodeView view = store.view();
        boolean healthy = view.passesHealthCheck();
        Responses.send(req, res.status(healthy ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503)
                .header(HeaderValues.CONTENT_TYPE_TEXT_PLAIN)
                .header(Responses.NO_CACHE), healthy ? "OK" : "NOT_OK");
        healthAnswered.accept(view);
    }

    /**
     * The census: 200 with the latest poll's census; 503 with why and {@code lastGoodCensusTime}
     * (null if none ever worked) when there is none yet or the latest census poll failed; 404 when
     * census polling is off.
     */
    private void census(ServerRequest req, ServerResponse res) {
        Optional<CensusState> census = store.current().census();
        res.header(HeaderValues.CONTENT_TYPE_JSON).header(Responses.NO_CACHE);
        if (census.isEmpty()) {
            Responses.json(req, res, Status.NOT_FOUND_404,
                    g -> g.writeStringField("error", "census polling is off (set CENSUS_POLL=true and CENSUS_HOST)"));
            return;
        }
        CensusState state = census.get();
        if (state.current()) {
            Responses.send(req, res.status(Status.OK_200), state.lastGood().orElseThrow().json());
            return;
        }
        PeerResponse latest = state.latest().response();
        String why = latest.outcome() == Outcome.NOT_POLLED
                ? "no census yet: the first poll has not finished"
                : "the latest census poll failed: prosody room-census " + latest.describe();
        Optional<String> lastGood = state.lastGoodTime().map(ReportTime::format);
        Responses.json(req, res, Status.SERVICE_UNAVAILABLE_503, g -> {
            g.writeStringField("error", why);
            g.writeStringField("lastGoodCensusTime", lastGood.orElse(null));
        });
    }
}
