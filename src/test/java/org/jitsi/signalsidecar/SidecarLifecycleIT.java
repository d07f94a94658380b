package org.jitsi.signalsidecar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.jitsi.signalsidecar.config.ConsulSettings;
import org.jitsi.signalsidecar.config.DumpScripts;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.ConsulKvDouble;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.jitsi.signalsidecar.testing.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole sidecar (agent, HTTP with drain control and metrics, polling, the status file watch,
 * the Consul watch and publisher, dump scripts) started and closed 20 times in one JVM leaves no
 * thread and no file descriptor behind, nor a dump script still running at the close.
 */
class SidecarLifecycleIT {
    private static final int CYCLES = 20;
    private static final String STATUS_KEY = "shard-states/test/shard-1";
    private static final String REPORT_KEY = "shard-reports/test/shard-1";
    /** The names the sidecar gives its threads (Helidon's and the JDK's are counted, not named). */
    private static final List<String> OUR_THREADS = List.of("poll-loop", "consul-watch", "consul-publish",
            "http-listener-check", "http-read-watch", "agent-accept", "agent-linger", "status-file-watch",
            "status-file-reader-", "dump-", "shutdown");
    private static final Duration SETTLE = Duration.ofSeconds(20);
    /**
     * Threads not counted. Helidon 4.5 starts an {@code helidon-idle-connection-timer} for every
     * WebServer it builds and never cancels it (helidon-io/helidon#11939, fixed in later releases):
     * one idle daemon thread, no descriptor, per server. The JDK's carrier threads for virtual
     * threads and the test's HTTP client's workers come and go with the load.
     */
    private static final List<String> NOT_COUNTED = List.of("helidon-idle-connection-timer", "ForkJoinPool-",
            "HttpClient-");

    @TempDir
    Path dir;

    @Test
    void startingAndClosingTheWholeSidecarTwentyTimesLeavesNothingBehind() throws IOException {
        Path pids = dir.resolve("dump-pids");
        Path script = dir.resolve("jicofo-dump");
        // a dump that outlives the sidecar unless the close kills it
        Files.writeString(script, "#!/bin/sh\necho $$ >> '" + pids + "'\nexec sleep 300\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (ConsulKvDouble consul = new ConsulKvDouble(); SidecarHarness node = new SidecarHarness(dir)) {
            consul.put(STATUS_KEY, "drain");
            TestConfig config = node.config()
                    .interval(Duration.ofMillis(100))
                    .metrics(true)
                    .controlToken("lifecycle-test-token-0123456789")
                    .dumps(new DumpScripts(Optional.of(script), Optional.empty(), Duration.ofMinutes(5)))
                    .consul(new ConsulSettings(URI.create(consul.origin()), Optional.empty(), true, STATUS_KEY, true,
                            REPORT_KEY, Duration.ofSeconds(1), false, Duration.ofSeconds(2)));

            runOnce(node, consul, config, pids, 1); // the JVM's and Helidon's own threads and files, made once
            Usage before = Usage.now();
            for (int cycle = 2; cycle <= CYCLES; cycle++) {
                runOnce(node, consul, config, pids, cycle);
            }
            Usage after = Await.until(Usage::now, now -> now.within(before), SETTLE, "threads and descriptors "
                    + "back to what they were after the first cycle (" + before + ")");
            assertThat(after.ours()).as("threads of the sidecar still alive").isEmpty();
            for (long pid : Files.readAllLines(pids).stream().mapToLong(Long::parseLong).toArray()) {
                assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("dump script %d", pid).isEmpty();
            }
        }
    }

    /** Starts the sidecar, waits until every part has worked once, starts a dump script, closes. */
    private static void runOnce(SidecarHarness node, ConsulKvDouble consul, TestConfig config, Path pids, int cycle) {
        node.jicofo.reply("/about/health", 200, "text/plain; charset=UTF-8", "OK");
        consul.delete(REPORT_KEY);
        node.start(config);
        node.awaitReport(r -> r.get("healthy").asBoolean(), "a healthy report");
        Await.until(node::statusFileContents, s -> s.strip().equals("drain"), "the Consul watch's word in the status file");
        Await.until(() -> consul.value(REPORT_KEY), Optional::isPresent, "the report published to Consul");
        assertThat(node.get("/metrics").statusCode()).isEqualTo(200);
        node.jicofo.reply("/about/health", 500, "text/plain; charset=UTF-8", "down");
        Await.until(() -> lines(pids), n -> n == cycle, "the dump script of cycle " + cycle + " running");
        node.sidecar().close();
        Await.until(() -> Usage.now().ours(), List::isEmpty, SETTLE, "no thread of the sidecar after cycle " + cycle);
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The process's open descriptors and live threads, virtual ones included.
     *
     * @param descriptors what the open descriptors point to
     * @param threads     the live threads' names, but Helidon's timers
     */
    private record Usage(List<String> descriptors, List<String> threads) {
        static Usage now() {
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                List<String> descriptors = fds.map(Usage::target).sorted().toList();
                return new Usage(descriptors, threadNames().stream()
                        .filter(n -> NOT_COUNTED.stream().noneMatch(n::startsWith)).sorted().toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String target(Path fd) {
            try {
                return Files.readSymbolicLink(fd).toString();
            } catch (IOException e) {
                return "closed meanwhile";
            }
        }

        /** The live threads named like the sidecar's. */
        List<String> ours() {
            return threads.stream().filter(n -> OUR_THREADS.stream().anyMatch(n::startsWith)).toList();
        }

        @Override
        public String toString() {
            return descriptors.size() + " descriptors (" + descriptors.stream().filter(d -> !d.endsWith(".jar")).toList()
                    + " and jars), " + threads.size() + " threads " + threads;
        }

        boolean within(Usage limit) {
            return descriptors.size() <= limit.descriptors.size() && threads.size() <= limit.threads.size();
        }

        /** Every live thread's name, from the JDK's thread dump (the only list with the virtual threads). */
        private static List<String> threadNames() throws IOException {
            Path dump = Files.createTempFile("threads", ".json");
            try {
                Files.delete(dump);
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                        .dumpThreads(dump.toString(), ThreadDumpFormat.JSON);
                JsonNode containers = new ObjectMapper().readTree(dump.toFile()).at("/threadDump/threadContainers");
                List<String> names = new ArrayList<>();
                containers.forEach(container -> container.get("threads")
                        .forEach(thread -> names.add(thread.get("name").asText())));
                return names;
            } finally {
                Files.deleteIfExists(dump);
            }
        }
    }
}
