package org.jitsi.signalsidecar.observe;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

import io.helidon.common.HelidonServiceLoader;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MeterRegistryFormatter;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.metrics.api.SystemTagsManager;
import io.helidon.metrics.spi.MeterRegistryFormatterProvider;
import io.helidon.service.registry.Services;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import org.jitsi.signalsidecar.consul.ConsulFeatures;
import org.jitsi.signalsidecar.report.AgentReply;
import org.jitsi.signalsidecar.report.NodeView;
import org.jitsi.signalsidecar.report.SnapshotListener;
import org.jitsi.signalsidecar.report.SnapshotStore;

import static java.util.Objects.requireNonNull;

/**
 * Everything behind {@code /metrics} (built only with {@code METRICS=true}): the signal series,
 * the HTTP series, the process series and Helidon's metrics observer, which adds the JVM's base
 * meters (named and filtered by {@code application.yaml} on the class path so that the whole
 * exposition follows Prometheus' naming rules) and serves Prometheus text or OpenMetrics by
 * {@code Accept}. The meters live in Helidon's one registry per
 * JVM; {@link #close} removes this sidecar's, so only one metrics-enabled sidecar should run in a
 * JVM at a time.
 */
public final class SidecarMetrics implements AutoCloseable {
    private final MeterSet meters;
    private final SignalMetrics signal;
    private final HttpMetrics http;
    private final ProcessMetrics process;
    private final MetricsObserver observer;
    private final MeterRegistry registry;

    /**
     * @param registry      Helidon's registry ({@code Services.get(MeterRegistry.class)})
     * @param store         the snapshots the gauges read; the census series exist when its
     *                      snapshots carry census state (census polling is on)
     */
    public SidecarMetrics(MeterRegistry registry, SnapshotStore store) {
        requireNonNull(registry, "registry is null");
        this.registry = registry;
        requireNonNull(store, "store is null");
        Set<String> names = new HashSet<>(SignalMetrics.NAMES);
        names.addAll(HttpMetrics.NAMES);
        names.addAll(ProcessMetrics.NAMES);
        names.addAll(ConsulMetrics.NAMES);
        this.meters = new MeterSet(registry, names);
        this.signal = new SignalMetrics(meters, store);
        this.http = new HttpMetrics(meters);
        this.process = new ProcessMetrics(meters);
        // the observer's own metrics settings must be the registry's (those of application.yaml):
        // with other settings, Helidon replaces the process-wide registry, and the meters above with it
        this.observer = MetricsObserver.builder()
                .meterRegistry(registry)
                .metricsConfig(Services.get(MetricsFactory.class).metricsConfig())
                .build();
    }

    /** Feeds the per-poll series; add it to the store. */
    public SnapshotListener pollListener() {
        return signal;
    }

    /** Registers the series of the Consul features that are on. */
    public void consul(ConsulFeatures consul) {
        ConsulMetrics.register(meters, requireNonNull(consul, "consul is null"));
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

    public MetricsObserver observer() {
        return observer;
    }

    /**
     * The Prometheus text that {@code GET /metrics} serves, formatted the way Helidon's observer
     * formats it: for {@code HEAD /metrics}, which the observer does not answer, to send its length.
     */
    public byte[] prometheusText() {
        Object text = HelidonServiceLoader.builder(ServiceLoader.load(MeterRegistryFormatterProvider.class))
                .build()
                .stream()
                .flatMap(provider -> provider.formatter(MediaTypes.TEXT_PLAIN,
                        Services.get(MetricsFactory.class).metricsConfig(), registry,
                        SystemTagsManager.instance().scopeTagName(), List.of(), List.of()).stream())
                .findFirst()
                .flatMap(MeterRegistryFormatter::format)
                .orElse("");
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        process.close();
        meters.close();
    }
}
