package org.jitsi.signalsidecar.observe;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;

import static java.util.Objects.requireNonNull;

/**
 * The meters one sidecar registered in Helidon's process-wide registry. Helidon keeps one registry
 * per JVM, so a sidecar takes over its meter names when it starts (dropping what an earlier
 * sidecar in the same JVM left, e.g. in tests) and removes its meters when it closes. Thread-safe.
 */
final class MeterSet implements AutoCloseable {
    private final MeterRegistry registry;
    private final Set<Meter> meters = ConcurrentHashMap.newKeySet();

    /**
     * @param registry where the meters live
     * @param names    every meter name this set will register; existing meters with them are removed
     */
    MeterSet(MeterRegistry registry, Set<String> names) {
        this.registry = requireNonNull(registry, "registry is null");
        registry.meters(meter -> names.contains(meter.id().name())).forEach(registry::remove);
    }

    MeterRegistry registry() {
        return registry;
    }

    /** The meter for this name and these tags, registered on first use. */
    <B extends Meter.Builder<B, M>, M extends Meter> M add(B builder) {
        M meter = registry.getOrCreate(builder);
        meters.add(meter);
        return meter;
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
        meters.clear();
    }
}
