package org.jitsi.signalsidecar;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.jitsi.signalsidecar.testing.PrometheusText;
import org.jitsi.signalsidecar.testing.RealPeer;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole {@code /metrics} exposition of a running sidecar (census on, so every series is
 * there) checked by Prometheus' own linter, {@code promtool check metrics} (Debian's
 * {@code prometheus} package), and the process series Prometheus users expect.
 */
class PrometheusExpositionIT {
    private static final Duration PROMTOOL_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private SidecarHarness node;

    @BeforeEach
    void start() {
        node = new SidecarHarness(dir);
        node.start(node.config().census("meet.test").metrics(true));
        node.awaitReport(r -> r.get("healthy").asBoolean(), "a healthy report");
        // one request of each kind, so the request series have samples too
        node.get("/signal/health");
        node.agent();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private String scrape() {
        HttpResponse<String> metrics = node.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        return metrics.body();
    }

    @Test
    void promtoolFindsNothingToCriticise() throws IOException, InterruptedException {
        Path promtool = RealPeer.executable("promtool", "prometheus");
        String exposition = scrape();
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectErrorStream(true)
                .start();
        try (OutputStream in = check.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        // its few lines of output fit the pipe, so waiting first cannot block it
        boolean finished = check.waitFor(PROMTOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            check.destroyForcibly();
        }
        assertThat(finished).as("promtool finished").isTrue();
        String verdict = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(verdict).as("promtool's complaints").isEmpty();
        assertThat(check.exitValue()).isZero();
    }

    @Test
    void processSeriesDescribeThisProcess() {
        PrometheusText metrics = PrometheusText.parse(scrape());
        assertThat(metrics.value("process_resident_memory_bytes")).isGreaterThan(1 << 20);
        assertThat(metrics.value("process_virtual_memory_bytes"))
                .isGreaterThanOrEqualTo(metrics.value("process_resident_memory_bytes"));
        assertThat(metrics.value("process_open_fds")).isPositive()
                .isLessThanOrEqualTo(metrics.value("process_max_fds"));
        assertThat(metrics.value("process_cpu_seconds_total")).isPositive();
        double started = metrics.value("process_start_time_seconds");
        assertThat(Instant.ofEpochMilli((long) (started * 1000)))
                .isBetween(Instant.now().minus(Duration.ofHours(1)), Instant.now());
        assertThat(metrics.value("jvm_threads_current")).isPositive();
        assertThat(metrics.value("jvm_classes_currently_loaded")).isGreaterThan(1000);
        assertThat(metrics.find("thread_count")).as("Helidon's _count gauge, replaced").isEmpty();
        assertThat(metrics.value("memory_used_heap_bytes")).as("Helidon's JVM meters in snake case").isPositive();
    }
}
