package org.jitsi.signalsidecar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.Json;
import org.jitsi.signalsidecar.testing.PodmanContainer;
import org.jitsi.signalsidecar.testing.PodmanContainer.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image as operators run it, with podman: the container's answers, its health check wherever
 * the ports were set, its user, a memory limit, a drain through a directory mount, a read-only
 * root and the stop. Runs when {@value #IMAGE_VARIABLE} names a built image ({@code src/dev/sh/container},
 * called by CI, builds one and sets it); skipped otherwise. No peer runs, so the node is unhealthy:
 * the agent says {@code down <status> 0%}, while the sidecar's own {@code /health} is 200.
 * Each test has a container of its own (on its own address), so they may run at once: the script
 * turns JUnit's parallel execution on, and the minute of the memory test overlaps the others.
 */
@EnabledIfEnvironmentVariable(named = ContainerIT.IMAGE_VARIABLE, matches = ".+")
@Execution(ExecutionMode.CONCURRENT)
class ContainerIT {
    static final String IMAGE_VARIABLE = "SIGNAL_SIDECAR_IMAGE";
    private static final String IMAGE = System.getenv(IMAGE_VARIABLE);
    /** The stop's bound after the grace (docs/shutdown.md), plus podman's own time. */
    private static final Duration STOP_BOUND = Duration.ofSeconds(12);
    /** The memory limit the image is known to hold (docs/packaging.md). */
    private static final String MEMORY_LIMIT = "96m";
    /**
     * What a minute of health checks may add to the container's peak memory: the heap's own growth
     * under the load varies by a few MiB; the former JVM probe added about 54 MiB.
     */
    private static final long PROBE_ALLOWANCE = 16L << 20;

    @TempDir
    Path dir;

    @Test
    void answersHealthReportAgentHealthCheckAndStatusAsUid10001WithTheDefaults() {
        try (PodmanContainer c = PodmanContainer.start(IMAGE, List.of(), List.of())) {
            c.awaitHealth(6000);

            assertThat(c.healthStatus(6000)).isEqualTo(200);
            JsonNode report = Json.parse(c.get(6000, "/signal/report").body());
            assertThat(report.get("status").asText()).isEqualTo("drain");
            assertThat(c.agent(6060)).isEqualTo("down drain 0%\n");
            assertHealthCheckPasses(c);
            assertThat(c.exec("grep", "-E", "^(Uid|Gid):", "/proc/1/status").output())
                    .isEqualTo("Uid:\t10001\t10001\t10001\t10001\nGid:\t10001\t10001\t10001\t10001");
            assertStatusCommandFindsTheSidecar(c);

            Duration took = stop(c, 30);
            assertThat(c.inspect("{{.State.ExitCode}}")).isEqualTo("0");
            assertThat(took).isLessThan(STOP_BOUND);
        }
    }

    @Test
    void healthCheckAndStatusFindThePortsOfAMountedConfigGivenAsArgument() throws IOException {
        Path config = Files.createDirectory(dir.resolve("config"));
        Files.writeString(config.resolve("config.yaml"), "http:\n  port: 7000\nagent:\n  port: 7070\n");
        readableByAll(config);
        try (PodmanContainer c = PodmanContainer.start(IMAGE, List.of("--volume", config + ":/config:ro"),
                List.of("--config", "/config/config.yaml"))) {
            c.awaitHealth(7000);

            assertThat(c.agent(7070)).isEqualTo("down drain 0%\n");
            assertThat(c.healthStatus(6000)).as("nothing on the image's default port").isEqualTo(-1);
            assertHealthCheckPasses(c);
            assertStatusCommandFindsTheSidecar(c);
        }
    }

    @Test
    void healthCheckAndStatusFindThePortsPreRunShExports() throws IOException {
        Path hook = dir.resolve("pre-run.sh");
        Files.writeString(hook, "export HTTP_PORT=7100 TCP_PORT=7170\n");
        readableByAll(hook);
        try (PodmanContainer c = PodmanContainer.start(IMAGE, List.of("--volume", hook + ":/usr/jitsi/pre-run.sh:ro"),
                List.of())) {
            c.awaitHealth(7100);

            assertThat(c.agent(7170)).isEqualTo("down drain 0%\n");
            assertHealthCheckPasses(c);
            assertStatusCommandFindsTheSidecar(c);
        }
    }

    @Test
    void aDrainWrittenOnTheHostThroughADirectoryMountReachesTheAgentWithinASecond() throws IOException {
        Path state = Files.createDirectory(dir.resolve("state"));
        Files.writeString(state.resolve("shard-status"), "ready\n");
        readableByAll(state);
        try (PodmanContainer c = PodmanContainer.start(IMAGE, List.of("--volume", state + ":/var/lib/signal-sidecar"),
                List.of())) {
            c.awaitHealth(6000);
            Await.until(() -> c.agent(6060), "down ready 0%\n"::equals, "the agent to read ready from the mount");

            // as `signal-sidecar drain` and consul-template write: a new file renamed over the old
            Path next = state.resolve(".shard-status.new");
            Files.writeString(next, "drain\n");
            readableByAll(next);
            Files.move(next, state.resolve("shard-status"), StandardCopyOption.ATOMIC_MOVE);

            Await.until(() -> c.agent(6060), "down drain 0%\n"::equals, Duration.ofSeconds(1),
                    "the agent to say drain within a second of the host's rename");
        }
    }

    @Test
    void runsWithAReadOnlyRootFileSystem() {
        try (PodmanContainer c = PodmanContainer.start(IMAGE, List.of("--read-only"), List.of())) {
            c.awaitHealth(6000);

            assertThat(c.exec("touch", "/var/lib/signal-sidecar/probe").status()).as("the root is read-only").isNotZero();
            assertThat(c.agent(6060)).isEqualTo("down drain 0%\n");
            assertHealthCheckPasses(c);
        }
    }

    @Test
    void stopsWithExitZeroAfterTheDrainGrace() {
        try (PodmanContainer c = PodmanContainer.start(IMAGE, List.of("--env", "SHUTDOWN_DRAIN_SECONDS=2"), List.of())) {
            c.awaitHealth(6000);

            Duration took = stop(c, 30);

            assertThat(c.inspect("{{.State.ExitCode}}")).isEqualTo("0");
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(STOP_BOUND.plusSeconds(2));
            assertThat(c.logs()).contains("reporting the node draining for 2 s before stopping", "Stopped.");
        }
    }

    /**
     * A minute of health checks, a second apart, with a load of HTTP and agent requests, within the
     * limit: the container is never killed, and the checks add little to its peak memory (printed,
     * for docs/packaging.md), measured from the host's memory cgroup.
     */
    @Test
    void survivesTheMemoryLimitThroughAMinuteOfHealthChecksAndALoad() throws Exception {
        try (PodmanContainer c = PodmanContainer.start(IMAGE,
                List.of("--memory", MEMORY_LIMIT, "--memory-swap", MEMORY_LIMIT), List.of())) {
            c.awaitHealth(6000);
            Path peak = c.memoryCgroupFile("memory.max_usage_in_bytes");

            load(c);
            long withoutProbes = Long.parseLong(Files.readString(peak).strip());
            Files.writeString(peak, "0"); // the peak from now on
            long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            int probes = 0;
            while (System.nanoTime() < end) {
                assertThat(c.healthcheck()).as("health check %d", probes + 1).isZero();
                probes++;
                if (probes % 20 == 0) {
                    load(c);
                }
                Thread.sleep(1000); // the check's pace (Docker's interval), not a wait for a result
            }
            long withProbes = Long.parseLong(Files.readString(peak).strip());

            System.out.printf(Locale.ROOT, "ContainerIT: --memory %s: peak %.1f MiB with load, %.1f MiB with load"
                    + " and %d health checks%n", MEMORY_LIMIT, withoutProbes / 1048576.0, withProbes / 1048576.0, probes);
            assertThat(c.running()).as("running after the minute").isTrue();
            assertThat(c.inspect("{{.State.OOMKilled}}")).isEqualTo("false");
            assertThat(c.memoryCgroupFile("memory.failcnt")).content().isEqualToIgnoringWhitespace("0");
            assertThat(withProbes).isLessThan(withoutProbes + PROBE_ALLOWANCE);
        }
    }

    /** 1000 report requests and 500 agent connections, from 8 threads; every one answered. */
    private static void load(PodmanContainer c) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 1500; i++) {
                boolean http = i % 3 != 2;
                answers.add(pool.submit(() -> http
                        ? c.get(6000, "/signal/report").statusCode() == 503
                        : c.agent(6060).startsWith("down ")));
            }
            for (Future<Boolean> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertHealthCheckPasses(PodmanContainer c) {
        assertThat(c.healthcheck()).as("podman healthcheck run").isZero();
        assertThat(c.inspect("{{.State.Health.Status}}")).isEqualTo("healthy");
    }

    /** {@code signal-sidecar status} in the container reaches the sidecar: 1 (unhealthy node), not 2 (unreachable). */
    private static void assertStatusCommandFindsTheSidecar(PodmanContainer c) {
        Result status = c.exec("signal-sidecar", "status");
        assertThat(status.status()).as("exit status of signal-sidecar status: %s", status.err()).isEqualTo(1);
        assertThat(status.out()).startsWith("UNHEALTHY, status drain");
    }

    private static Duration stop(PodmanContainer c, int timeoutSeconds) {
        long start = System.nanoTime();
        Result stop = PodmanContainer.podman("stop", "--time", String.valueOf(timeoutSeconds), c.id());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(stop.status()).as("podman stop: %s", stop.err()).isZero();
        return took;
    }

    /** The container's user (10001) is not the files' owner: it reads them as "other". */
    private static void readableByAll(Path path) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                    Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
