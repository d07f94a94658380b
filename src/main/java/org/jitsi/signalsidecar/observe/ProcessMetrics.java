package org.jitsi.signalsidecar.observe;

import java.io.IOException;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.function.Supplier;

import com.sun.management.UnixOperatingSystemMXBean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The process series every Prometheus user expects of a service ({@code process_*}, named as the
 * Prometheus client libraries name them), and the JVM's thread and class counts under names
 * Prometheus accepts ({@code jvm_*}; Helidon's own end in {@code _count}, a suffix Prometheus
 * reserves for histograms). All are read when scraped, from the JVM's management beans and
 * {@code /proc/self/status}; what the platform cannot tell is NaN. Scope {@code base}, like
 * Helidon's JVM meters.
 */
final class ProcessMetrics {
    static final String RESIDENT_MEMORY = "process_resident_memory_bytes";
    static final String VIRTUAL_MEMORY = "process_virtual_memory_bytes";
    static final String OPEN_FDS = "process_open_fds";
    static final String MAX_FDS = "process_max_fds";
    static final String START_TIME = "process_start_time_seconds";
    /** Registered as {@code process.cpu} in seconds: Prometheus shows {@code process_cpu_seconds_total}. */
    static final String CPU = "process.cpu";
    static final String THREADS = "jvm_threads_current";
    static final String DAEMON_THREADS = "jvm_threads_daemon";
    static final String PEAK_THREADS = "jvm_threads_peak";
    static final String LOADED_CLASSES = "jvm_classes_currently_loaded";
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final String BASE = "base";

    private ProcessMetrics() {
    }

    static void register(MeterRegistry meters) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        gauge(meters, RESIDENT_MEMORY, "Resident memory size in bytes", () -> statusBytes("VmRSS"));
        gauge(meters, VIRTUAL_MEMORY, "Virtual memory size in bytes", () -> statusBytes("VmSize"));
        gauge(meters, OPEN_FDS, "Number of open file descriptors", () -> os instanceof UnixOperatingSystemMXBean unix
                ? (double) unix.getOpenFileDescriptorCount() : Double.NaN);
        gauge(meters, MAX_FDS, "Maximum number of open file descriptors", () -> os instanceof UnixOperatingSystemMXBean unix
                ? (double) unix.getMaxFileDescriptorCount() : Double.NaN);
        gauge(meters, START_TIME, "Start time of the process since the Unix epoch in seconds",
                () -> runtime.getStartTime() / 1000.0);
        gauge(meters, THREADS, "Current thread count of the JVM (platform threads)", () -> (double) threads.getThreadCount());
        gauge(meters, DAEMON_THREADS, "Daemon thread count of the JVM", () -> (double) threads.getDaemonThreadCount());
        gauge(meters, PEAK_THREADS, "Peak thread count of the JVM", () -> (double) threads.getPeakThreadCount());
        gauge(meters, LOADED_CLASSES, "Number of classes currently loaded in the JVM",
                () -> (double) classes.getLoadedClassCount());
        FunctionCounter.builder(CPU, os, ProcessMetrics::cpuSeconds)
                .baseUnit("seconds")
                .description("Total user and system CPU time spent in seconds")
                .tag(SidecarMetrics.SCOPE, BASE)
                .register(meters);
    }

    private static double cpuSeconds(OperatingSystemMXBean os) {
        if (os instanceof com.sun.management.OperatingSystemMXBean bean && bean.getProcessCpuTime() >= 0) {
            return bean.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    private static double statusBytes(String field) {
        try {
            return statusKilobytes(Files.readString(STATUS), field).stream()
                    .mapToDouble(kilobytes -> kilobytes * 1024.0)
                    .findFirst()
                    .orElse(Double.NaN);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The value of a {@code Field:   1234 kB} line of {@code /proc/<pid>/status}, in kilobytes. */
    static OptionalLong statusKilobytes(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field + ":")) {
                String[] words = line.substring(field.length() + 1).trim().split("\\s+");
                if (words.length == 2 && words[1].equals("kB") && words[0].chars().allMatch(Character::isDigit)) {
                    return OptionalLong.of(Long.parseLong(words[0]));
                }
            }
        }
        return OptionalLong.empty();
    }

    private static void gauge(MeterRegistry meters, String name, String description, Supplier<Double> value) {
        Gauge.builder(name, value::get).description(description).tag(SidecarMetrics.SCOPE, BASE).register(meters);
    }
}
