package org.jitsi.signalsidecar.observe;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The JVM series Helidon's system meters served (heap, uptime, garbage collections, loaded classes,
 * processors, load average; scope {@code base}), under their names in snake case
 * ({@code memory_used_heap_bytes}) and with their descriptions, read from the JVM's management beans
 * when scraped. Made here rather than by Helidon's metrics, which brought its registry, its
 * configuration and its service registry along: several hundred classes in every sidecar. Helidon's
 * gauges whose names end in {@code _count} (a suffix Prometheus reserves for histograms) are
 * {@link ProcessMetrics}' {@code jvm_threads_*} and {@code jvm_classes_currently_loaded}.
 */
final class SystemMeters {
    private static final String BYTES = "bytes";
    private static final String SECONDS = "seconds";
    private static final String BASE = "base";
    private static final String LOAD_AVERAGE = "Displays the system load average for the last minute. The system load"
            + " average is the sum of the number of runnable entities queued to the available processors and the"
            + " number of runnable entities running on the available processors averaged over a period of time. The"
            + " way in which the load average is calculated is operating system specific but is typically a damped"
            + " timedependent average. If the load average is not available, a negative value is displayed. This"
            + " attribute is designed to provide a hint about the system load and may be queried frequently. The load"
            + " average may be unavailable on some platforms where it is expensive to implement this method.";
    private static final String GC_TIME = "Displays the approximate accumulated collection elapsed time in seconds."
            + " This attribute displays -1 if the collection elapsed time is undefined for this collector. The Java"
            + " virtual machine implementation may use a high resolution timer to measure the elapsed time. This"
            + " attribute may display the same value even if the collection count has been incremented if the"
            + " collection elapsed time is very short.";

    private SystemMeters() {
    }

    static void register(MeterRegistry registry) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        gauge(registry, "memory.used_heap", BYTES, "Displays the amount of used heap memory in bytes.",
                () -> memory.getHeapMemoryUsage().getUsed());
        gauge(registry, "memory.committed_heap", BYTES, "Displays the amount of memory in bytes that is committed for"
                + " the Java virtual machine to use. This amount of memory is guaranteed for the Java virtual machine"
                + " to use.", () -> memory.getHeapMemoryUsage().getCommitted());
        gauge(registry, "memory.max_heap", BYTES, "Displays the maximum amount of heap memory in bytes that can be used"
                + " for memory management. This attribute displays -1 if the maximum heap memory size is undefined."
                + " This amount of memory is not guaranteed to be available for memory management if it is greater"
                + " than the amount of committed memory. The Java virtual machine may fail to allocate memory even if"
                + " the amount of used memory does not exceed this maximum size.",
                () -> memory.getHeapMemoryUsage().getMax());
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        gauge(registry, "jvm.uptime", SECONDS, "Displays the start time of the Java virtual machine in seconds. This"
                + " attribute displays the approximate time when the Java virtual machine started.",
                () -> runtime.getUptime() / 1000.0);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        gauge(registry, "thread.starts", null, "Displays the total number of platform threads created and also started"
                + " since the Java virtual machine started.", threads::getTotalStartedThreadCount);
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        counter(registry, "classloader.loaded_classes.total", "Displays the total number of classes that have been"
                + " loaded since the Java virtual machine has started execution.", classes,
                ClassLoadingMXBean::getTotalLoadedClassCount, Tags.empty());
        counter(registry, "classloader.unloaded_classes.total", "Displays the total number of classes unloaded since"
                + " the Java virtual machine has started execution.", classes,
                ClassLoadingMXBean::getUnloadedClassCount, Tags.empty());
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        gauge(registry, "cpu.available_processors", null, "Displays the number of processors available to the Java"
                + " virtual machine. This value may change during a particular invocation of the virtual machine.",
                os::getAvailableProcessors);
        gauge(registry, "cpu.system_load_average", null, LOAD_AVERAGE, os::getSystemLoadAverage);
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            Tags name = Tags.of("name", collector.getName());
            counter(registry, "gc.total", "Displays the total number of collections that have occurred. This attribute"
                    + " lists -1 if the collection count is undefined for this collector.", collector,
                    GarbageCollectorMXBean::getCollectionCount, name);
            // in whole seconds, as Helidon counted it
            FunctionCounter.builder("gc.time", collector, bean -> (long) (bean.getCollectionTime() / 1000.0))
                    .description(GC_TIME)
                    .baseUnit(SECONDS)
                    .tags(name.and(SidecarMetrics.SCOPE, BASE))
                    .register(registry);
        }
    }

    private static void gauge(MeterRegistry registry, String name, String unit, String description,
                              Supplier<Number> value) {
        Gauge.builder(name, value).description(description).baseUnit(unit).tag(SidecarMetrics.SCOPE, BASE)
                .register(registry);
    }

    private static <T> void counter(MeterRegistry registry, String name, String description, T bean,
                                    ToDoubleFunction<T> value, Tags tags) {
        FunctionCounter.builder(name, bean, value).description(description).tags(tags.and(SidecarMetrics.SCOPE, BASE))
                .register(registry);
    }
}
