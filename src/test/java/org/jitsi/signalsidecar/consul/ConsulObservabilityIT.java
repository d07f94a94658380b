package org.jitsi.signalsidecar.consul;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jitsi.signalsidecar.config.ConsulSettings;
import org.jitsi.signalsidecar.testing.Await;
import org.jitsi.signalsidecar.testing.ConsulKvDouble;
import org.jitsi.signalsidecar.testing.Json;
import org.jitsi.signalsidecar.testing.PrometheusText;
import org.jitsi.signalsidecar.testing.SidecarHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** What /health and /metrics say about the Consul watch and publisher, with Consul there and away. */
class ConsulObservabilityIT {
    private static final String STATUS_KEY = "shard-states/test/shard-1";
    private static final String REPORT_KEY = "signal-report/test/shard-1";

    @TempDir
    Path dir;

    private final ConsulKvDouble consul = new ConsulKvDouble();
    private SidecarHarness node;

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
        consul.close();
    }

    private void start() {
        node = new SidecarHarness(dir);
        node.start(node.config().metrics(true).consul(new ConsulSettings(URI.create(consul.origin()), Optional.empty(),
                true, STATUS_KEY, true, REPORT_KEY, Duration.ofMillis(500), false, Duration.ofSeconds(2))));
    }

    private JsonNode consulCheck() {
        HttpResponse<String> health = node.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        for (JsonNode check : Json.parse(health.body()).get("checks")) {
            if (check.get("name").asText().equals("consul")) {
                return check;
            }
        }
        throw new AssertionError("no consul check in " + health.body());
    }

    private PrometheusText metrics() {
        return PrometheusText.parse(node.get("/metrics").body());
    }

    private static double value(PrometheusText metrics, String name) {
        return metrics.find(name).stream().mapToDouble(PrometheusText.Sample::value).sum();
    }

    @Test
    void healthAndMetricsFollowTheWatchAndThePublisher() {
        consul.put(STATUS_KEY, "ready");
        start();
        Await.until(() -> consul.value(REPORT_KEY), Optional::isPresent, "a published report");
        long index = consul.index();
        JsonNode check = Await.until(this::consulCheck, c -> c.get("data").get("watchIndex").asLong() >= 2
                && c.get("data").has("lastPublish"), "the consul check to show the watch and the publisher");
        assertThat(check.get("status").asText()).isEqualTo("UP");
        assertThat(check.get("data").get("watchConnected").asBoolean()).isTrue();
        assertThat(check.get("data").has("watchLastError")).isFalse();
        assertThat(check.get("data").get("publishFailing").asBoolean()).isFalse();

        PrometheusText metrics = metrics();
        assertThat(value(metrics, "signal_consul_watch_errors_total")).isZero();
        assertThat(value(metrics, "signal_consul_index")).isGreaterThanOrEqualTo(2).isLessThanOrEqualTo(index);
        double published = value(metrics, "signal_consul_last_publish_timestamp_seconds");
        assertThat(published).isBetween(Instant.now().getEpochSecond() - 60.0, Instant.now().getEpochSecond() + 1.0);
    }

    @Test
    void consulAwayNeverMakesTheSidecarUnhealthy() {
        consul.put(STATUS_KEY, "ready");
        start();
        Await.until(() -> consul.value(REPORT_KEY), Optional::isPresent, "a published report");
        consul.refuse();
        // a query held when Consul went away ends without an answer; the next one is refused
        JsonNode check = Await.until(this::consulCheck, c -> c.get("data").path("watchLastError").asText()
                .equals("Consul refused the connection") && c.get("data").get("publishFailing").asBoolean(),
                Duration.ofSeconds(10), "the consul check to show the outage");
        assertThat(check.get("status").asText()).isEqualTo("UP");
        assertThat(check.get("data").get("watchConnected").asBoolean()).isFalse();
        assertThat(check.get("data").get("watchLastError").asText()).isEqualTo("Consul refused the connection");
        // a publication under way when Consul went away is cut; the ones after it are refused
        assertThat(check.get("data").get("publishLastError").asText())
                .matches("Consul refused the connection|the connection to Consul was cut \\(.*\\)");
        assertThat(node.get("/health/live").statusCode()).isEqualTo(200);
        assertThat(node.get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(node.get("/signal/health").statusCode()).isEqualTo(200);
        assertThat(value(metrics(), "signal_consul_watch_errors_total")).isPositive();
    }
}
