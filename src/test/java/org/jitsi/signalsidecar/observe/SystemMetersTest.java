package org.jitsi.signalsidecar.observe;

import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The JVM meters Helidon served, in the sidecar's own registry: Helidon's names in snake case, scope base. */
class SystemMetersTest {
    private final PrometheusMeterRegistry registry = SidecarMetrics.registry();

    @AfterEach
    void closeRegistry() {
        registry.close();
    }

    @Test
    void helidonsMetersAreRegisteredInSnakeCaseWithoutTheCountGauges() {
        SystemMeters.register(registry);
        Set<String> names = registry.getMeters().stream().map(meter -> meter.getId().getName()).collect(Collectors.toSet());
        assertThat(names).contains("memory.used_heap", "memory.committed_heap", "memory.max_heap", "jvm.uptime",
                "thread.starts", "gc.total", "gc.time", "cpu.available_processors", "cpu.system_load_average",
                "classloader.loaded_classes.total", "classloader.unloaded_classes.total");
        // Helidon's gauges ending in _count are ProcessMetrics' jvm_threads_* and jvm_classes_currently_loaded
        assertThat(names).doesNotContain("thread.count", "thread.daemon.count", "thread.max.count",
                "classloader.loaded_classes.count", "memory.usedHeap");
        assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTag("scope")).isEqualTo("base"));
        assertThat(registry.get("memory.used_heap").gauge().value()).isPositive();
        assertThat(registry.get("classloader.loaded_classes.total").functionCounter().count()).isGreaterThan(1000);
    }
}
