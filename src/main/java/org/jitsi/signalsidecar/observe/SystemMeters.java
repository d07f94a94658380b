package org.jitsi.signalsidecar.observe;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import io.helidon.config.Config;
import io.helidon.metrics.api.BuiltInMeterNameFormat;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MetricsConfig;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.metrics.providers.micrometer.MicrometerMetricsFactoryProvider;
import io.helidon.metrics.systemmeters.SystemMetersProvider;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Helidon's system meters (heap, uptime, garbage collections, loaded classes, processors, load
 * average; scope {@code base}), in snake case ({@code memory_used_heap_bytes}) as Prometheus names
 * go. Helidon describes them as meter builders; this copies each builder's name, unit, tags,
 * description and value function into the sidecar's registry, so they are read from the same
 * management beans and shown as Helidon shows them, without Helidon's process-wide registry.
 */
final class SystemMeters {
    /**
     * Helidon's gauges whose names end in {@code _count}, a suffix Prometheus reserves for
     * histograms and summaries: {@link ProcessMetrics} serves them as {@code jvm_threads_current},
     * {@code jvm_threads_daemon}, {@code jvm_threads_peak} and {@code jvm_classes_currently_loaded}.
     */
    static final Set<String> REPLACED = Set.of("thread.count", "thread.daemon.count", "thread.max.count",
            "classloader.loaded_classes.count");

    private SystemMeters() {
    }

    static void register(MeterRegistry registry) {
        for (Meter.Builder<?, ?> builder : new SystemMetersProvider().meterBuilders(factory())) {
            if (REPLACED.contains(builder.name())) {
                continue;
            }
            if (builder instanceof Gauge.Builder<?> gauge) {
                Supplier<? extends Number> value = gauge.supplier();
                io.micrometer.core.instrument.Gauge.builder(gauge.name(), value::get)
                        .description(gauge.description().orElse(null))
                        .baseUnit(gauge.baseUnit().orElse(null))
                        .tags(tags(gauge))
                        .register(registry);
            } else if (builder instanceof FunctionalCounter.Builder<?> counter) {
                registerCounter(registry, counter);
            } else {
                throw new IllegalStateException("Helidon's system meter " + builder.name() + " is a "
                        + builder.getClass().getName() + ", which the sidecar does not know how to show.");
            }
        }
    }

    private static <T> void registerCounter(MeterRegistry registry, FunctionalCounter.Builder<T> counter) {
        FunctionCounter.builder(counter.name(), counter.stateObject(), state -> counter.fn().apply(state).doubleValue())
                .description(counter.description().orElse(null))
                .baseUnit(counter.baseUnit().orElse(null))
                .tags(tags(counter))
                .register(registry);
    }

    private static Tags tags(Meter.Builder<?, ?> builder) {
        Tags tags = Tags.of(SidecarMetrics.SCOPE, builder.scope().orElse(Meter.Scope.BASE));
        for (var tag : builder.tags().entrySet()) {
            tags = tags.and(tag.getKey(), tag.getValue());
        }
        return tags;
    }

    /**
     * The factory Helidon's system meters take their builders from: Helidon's Micrometer one, set to
     * snake-case names and given empty configuration (so it reads no configuration of its own). It
     * only makes builders here; no meter is registered through it.
     */
    private static MetricsFactory factory() {
        MetricsConfig config = MetricsConfig.builder()
                .config(Config.empty())
                .builtInMeterNameFormat(BuiltInMeterNameFormat.SNAKE)
                .build();
        return new MicrometerMetricsFactoryProvider().create(Config.empty(), config, List.of());
    }
}
