package org.jitsi.signalsidecar.observe;

import io.helidon.webserver.http.Filter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import org.jitsi.signalsidecar.consul.ConsulFeatures;
import org.jitsi.signalsidecar.report.AgentReply;
import org.jitsi.signalsidecar.report.NodeView;
import org.jitsi.signalsidecar.report.SnapshotListener;
import org.jitsi.signalsidecar.report.SnapshotStore;

import static java.util.Objects.requireNonNull;

/**
 * Everything behind {@code /metrics} (built only with {@code METRICS=true}): the signal series,
 * the HTTP series, the process series and Helidon's JVM meters, all in one registry this object
 * owns, so that every sidecar in a JVM has its own counts and closing one leaves the others alone.
 *
 * <p>The registry is Micrometer's Prometheus registry, the one Helidon's metrics format
 * {@code /metrics} with, so the exposition reads as Helidon's did: counters end in {@code _total},
 * timers in {@code _seconds}, and every series carries Helidon's {@code scope} label
 * ({@code application} unless a meter names another). (Micrometer deprecates this registry, built on
 * the Prometheus simpleclient, for one on the Prometheus client 1.x, whose text differs; Helidon
 * 4.5 formats with this one, so the sidecar keeps it while its text must stay the same.)
 * Thread-safe.
 */
public final class SidecarMetrics implements AutoCloseable {
    /** The label Helidon gives every series: {@code application}, {@code base} (the JVM's) or {@code vendor}. */
    static final String SCOPE = "scope";

    private final PrometheusMeterRegistry registry;
    private final SignalMetrics signal;
    private final HttpMetrics http;

    /**
     * @param store the snapshots the gauges read; the census series exist when its snapshots
     *              carry census state (census polling is on)
     */
    public SidecarMetrics(SnapshotStore store) {
        requireNonNull(store, "store is null");
        this.registry = registry();
        this.signal = new SignalMetrics(registry, store);
        this.http = new HttpMetrics(registry);
        ProcessMetrics.register(registry);
        SystemMeters.register(registry);
    }

    /** A registry of the kind {@code /metrics} is made from, series labelled with their scope. */
    static PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getTag(SCOPE) == null ? id.withTag(Tag.of(SCOPE, "application")) : id;
            }
        });
        return registry;
    }

    /** Feeds the per-poll series; add it to the store. */
    public SnapshotListener pollListener() {
        return signal;
    }

    /** Registers the series of the Consul features that are on. */
    public void consul(ConsulFeatures consul) {
        ConsulMetrics.register(registry, requireNonNull(consul, "consul is null"));
    }

    /** Counts one HAProxy agent reply. */
    public void agentReplied(AgentReply reply) {
        signal.agentReplied(reply.view());
    }

    public void healthAnswered(NodeView view) {
        signal.healthAnswered(view);
    }

    public Filter httpFilter() {
        return http;
    }

    /** Every series as Prometheus text (format 0.0.4), read now. */
    public String prometheusText() {
        return registry.scrape(TextFormat.CONTENT_TYPE_004);
    }

    /** Every series as OpenMetrics 1.0 text (what Prometheus asks for), read now. */
    public String openMetricsText() {
        return registry.scrape(TextFormat.CONTENT_TYPE_OPENMETRICS_100);
    }

    @Override
    public void close() {
        registry.close();
    }
}
