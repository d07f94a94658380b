package org.jitsi.signalsidecar;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.jitsi.signalsidecar.testing.Http;
import org.jitsi.signalsidecar.testing.MutableClock;
import org.jitsi.signalsidecar.testing.Observe;
import org.jitsi.signalsidecar.testing.PrometheusText;
import org.jitsi.signalsidecar.testing.ScriptedPoll;
import org.jitsi.signalsidecar.testing.TestConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /metrics} scraped and parsed after a scripted sequence of polls, requests and agent
 * connections: every count exact. Each sidecar owns its registry, so every test starts from zero
 * and sidecars side by side in one JVM keep their own counts.
 */
class SidecarMetricsIT {
    private final MutableClock clock = new MutableClock();
    private final ScriptedPoll poll = new ScriptedPoll();
    private Sidecar sidecar;

    @BeforeEach
    void start() {
        sidecar = Sidecar.start(TestConfig.loopback().census("meet.test").metrics(true).build(), clock, poll);
    }

    @AfterEach
    void stop() {
        sidecar.close();
    }

    private int port() {
        return sidecar.httpPort();
    }

    private void get(String path, int expectedStatus) {
        assertThat(Http.get(port(), path).statusCode()).as(path).isEqualTo(expectedStatus);
    }

    private void agent(String expectedLine) {
        assertThat(Http.agent(sidecar.agentPort())).isEqualTo(expectedLine + "\n");
    }

    private PrometheusText scrape() {
        HttpResponse<String> response = Http.get(port(), "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain"));
        return PrometheusText.parse(response.body());
    }

    private static double requests(PrometheusText metrics, String method, String code, String uri) {
        return metrics.value("http_server_requests_total", "method", method, "code", code, "uri", uri);
    }

    private void pollAfter(double seconds, Observe observe) {
        clock.advanceSeconds(seconds);
        poll.poll(observe.at(clock.instant()));
    }

    @Test
    void everySeriesCountsExactlyOnceAfterAScriptedSequence() {
        pollAfter(1, Observe.healthy().census(2, 8, 34));
        get("/signal/health", 200);
        get("/signal/health", 200);
        get("/about/health", 200);
        get("/signal/report", 200);
        agent("up ready 100%");
        agent("up ready 100%");

        pollAfter(5, Observe.healthy().jicofoHealth(500).censusFailed(500));
        get("/signal/health", 503);
        agent("down ready 0%");
        get("/no/such/path", 404);
        assertThat(Http.send(port(), "POST", "/signal/health").statusCode()).isEqualTo(405);

        pollAfter(5, Observe.healthy().census(2, 8, 34));
        PrometheusText metrics = scrape();

        // the Node.js sidecar's series
        assertThat(metrics.value("signal_health_check_total")).isEqualTo(7);
        assertThat(metrics.value("signal_unhealthy_check_total")).isEqualTo(2);
        assertThat(metrics.value("signal_unhealthy_total")).isEqualTo(1);
        assertThat(metrics.value("signal_health")).isEqualTo(1);
        assertThat(metrics.value("signal_census")).isEqualTo(1);
        assertThat(metrics.value("prosody_participant_sum_squared")).isEqualTo(34);
        assertThat(requests(metrics, "get", "200", "/signal/health")).isEqualTo(2);
        assertThat(requests(metrics, "get", "503", "/signal/health")).isEqualTo(1);
        assertThat(requests(metrics, "get", "200", "/about/health")).isEqualTo(1);
        assertThat(requests(metrics, "get", "200", "/signal/report")).isEqualTo(1);
        assertThat(requests(metrics, "get", "404", "unmatched")).isEqualTo(1);
        assertThat(requests(metrics, "post", "405", "/signal/health")).isEqualTo(1);
        assertThat(metrics.find("http_server_requests_total")).hasSize(6);
        assertThat(metrics.find("http_server_requests_total", "uri", "/metrics")).isEmpty();
        assertThat(metrics.value("http_server_request_duration_seconds_count", "method", "get", "uri", "/signal/health"))
                .isEqualTo(3);
        assertThat(metrics.value("http_server_request_duration_seconds_bucket",
                "method", "get", "uri", "/signal/health", "le", "+Inf")).isEqualTo(3);
        // the scrape itself is the one request in flight
        assertThat(metrics.value("http_server_requests_in_flight", "method", "get")).isEqualTo(1);

        // the new series
        assertThat(metrics.value("signal_jicofo_participants")).isEqualTo(12);
        assertThat(metrics.value("signal_jicofo_conferences")).isEqualTo(3);
        assertThat(metrics.value("prosody_census_participants")).isEqualTo(8);
        assertThat(metrics.value("prosody_census_rooms")).isEqualTo(2);
        assertThat(metrics.value("signal_weight_percent")).isEqualTo(100);
        assertThat(metrics.value("signal_status", "status", "ready")).isEqualTo(1);
        for (String other : List.of("drain", "maint", "unknown")) {
            assertThat(metrics.value("signal_status", "status", other)).as(other).isEqualTo(0);
        }
        for (String peer : List.of("jicofo_health", "jicofo_stats", "prosody_health", "prosody_census")) {
            assertThat(metrics.value("signal_poll_duration_seconds_count", "peer", peer)).as(peer).isEqualTo(3);
            assertThat(metrics.value("signal_poll_duration_seconds_sum", "peer", peer)).as(peer).isEqualTo(0.009);
            assertThat(metrics.value("signal_poll_status_code", "peer", peer)).as(peer).isEqualTo(200);
        }
        assertThat(metrics.value("signal_poll_errors_total", "peer", "jicofo_health", "cause", "status")).isEqualTo(1);
        assertThat(metrics.value("signal_poll_errors_total", "peer", "prosody_census", "cause", "status")).isEqualTo(1);
        assertThat(metrics.find("signal_poll_errors_total")).hasSize(2);
        assertThat(metrics.value("signal_agent_replies_total", "health", "up", "admin", "ready")).isEqualTo(2);
        assertThat(metrics.value("signal_agent_replies_total", "health", "down", "admin", "ready")).isEqualTo(1);
        assertThat(metrics.find("signal_agent_replies_total").stream().mapToDouble(PrometheusText.Sample::value).sum())
                .isEqualTo(3);

        // JVM meters named as Helidon's system meters (in snake case), process and thread series
        assertThat(metrics.find("jvm_uptime_seconds")).isNotEmpty();
        assertThat(metrics.find("memory_used_heap_bytes")).isNotEmpty();
        assertThat(metrics.find("jvm_threads_current")).isNotEmpty();
        assertThat(metrics.find("process_resident_memory_bytes")).isNotEmpty();
    }

    @Test
    void observerRoutesAreLabelledWithThePathAsRequested() {
        get("/health/ready", 503);
        get("/health", 503);
        scrape();
        PrometheusText metrics = scrape();
        assertThat(requests(metrics, "get", "503", "/health/ready")).isEqualTo(1);
        assertThat(requests(metrics, "get", "503", "/health")).isEqualTo(1);
        assertThat(requests(metrics, "get", "200", "/metrics")).isEqualTo(1);
    }

    @Test
    void beforeTheFirstPollTheNodeIsUnhealthyAndItsNumbersUnknown() {
        poll.awaitAsked();
        PrometheusText metrics = scrape();
        assertThat(metrics.value("signal_health")).isEqualTo(0);
        assertThat(metrics.value("signal_census")).isEqualTo(0);
        assertThat(metrics.value("signal_status", "status", "unknown")).isEqualTo(1);
        assertThat(metrics.value("signal_weight_percent")).isEqualTo(0);
        assertThat(metrics.value("signal_jicofo_participants")).isNaN();
        assertThat(metrics.value("prosody_participant_sum_squared")).isNaN();
        assertThat(metrics.value("signal_poll_status_code", "peer", "jicofo_health")).isEqualTo(0);
        assertThat(metrics.value("signal_health_check_total")).isEqualTo(0);
        assertThat(metrics.value("signal_unhealthy_total")).isEqualTo(0);
        assertThat(metrics.value("signal_poll_duration_seconds_count", "peer", "jicofo_health")).isEqualTo(0);
        assertThat(metrics.find("signal_poll_errors_total")).isEmpty();
    }

    @Test
    void prometheusAsksForOpenMetricsAndGetsIt() {
        pollAfter(1, Observe.healthy());
        HttpResponse<String> response = Http.get(port(), "/metrics",
                "application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/openmetrics-text"));
        assertThat(response.body()).contains("# TYPE signal_health_check counter").endsWith("# EOF\n");
        PrometheusText metrics = PrometheusText.parse(response.body());
        assertThat(metrics.value("signal_health")).isEqualTo(1);
        assertThat(metrics.value("signal_poll_duration_seconds_count", "peer", "prosody_health")).isEqualTo(1);
    }

    @Test
    void twoSidecarsInOneJvmEachServeTheirOwnCounts() {
        ScriptedPoll otherPoll = new ScriptedPoll();
        Sidecar other = Sidecar.start(TestConfig.loopback().metrics(true).build(), clock, otherPoll);
        try {
            pollAfter(1, Observe.healthy());
            otherPoll.poll(Observe.healthy().status("drain").at(clock.instant()));
            agent("up ready 100%");
            agent("up ready 100%");
            assertThat(Http.agent(other.agentPort())).isEqualTo("up drain 0%\n");
            get("/signal/health", 200);

            PrometheusText mine = scrape();
            HttpResponse<String> response = Http.get(other.httpPort(), "/metrics");
            assertThat(response.statusCode()).isEqualTo(200);
            PrometheusText theirs = PrometheusText.parse(response.body());
            assertThat(mine.value("signal_agent_replies_total", "health", "up", "admin", "ready")).isEqualTo(2);
            assertThat(mine.value("signal_agent_replies_total", "health", "up", "admin", "drain")).isEqualTo(0);
            assertThat(mine.value("signal_health_check_total")).isEqualTo(3);
            assertThat(mine.value("signal_status", "status", "ready")).isEqualTo(1);
            assertThat(mine.find("prosody_census_rooms")).as("census on here").isNotEmpty();
            assertThat(theirs.value("signal_agent_replies_total", "health", "up", "admin", "ready")).isEqualTo(0);
            assertThat(theirs.value("signal_agent_replies_total", "health", "up", "admin", "drain")).isEqualTo(1);
            assertThat(theirs.value("signal_health_check_total")).isEqualTo(1);
            assertThat(theirs.value("signal_status", "status", "drain")).isEqualTo(1);
            assertThat(theirs.find("prosody_census_rooms")).as("census off there").isEmpty();
            assertThat(theirs.find("http_server_requests_total", "uri", "/signal/health")).isEmpty();
            assertThat(theirs.find("memory_used_heap_bytes")).as("Helidon's JVM meters in each").isNotEmpty();
        } finally {
            other.close();
        }
        // closing one leaves the other's series alone
        PrometheusText metrics = scrape();
        assertThat(metrics.value("signal_agent_replies_total", "health", "up", "admin", "ready")).isEqualTo(2);
        assertThat(metrics.value("signal_health_check_total")).isEqualTo(3);
        assertThat(metrics.find("memory_used_heap_bytes")).isNotEmpty();
    }

    @Test
    void headIsAnsweredLikeGetWithoutTheBody() {
        HttpResponse<String> head = Http.send(port(), "HEAD", "/metrics");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(head.headers().firstValueAsLong("Content-Length").orElseThrow()).isGreaterThan(1000);
        assertThat(head.body()).isEmpty();
        assertThat(requests(scrape(), "head", "200", "/metrics")).isEqualTo(1);
    }

    @Test
    void otherMethodsAreNotAllowedAndUnknownFormatsNotAcceptable() {
        HttpResponse<String> post = Http.send(port(), "POST", "/metrics");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(Http.get(port(), "/metrics", "application/json").statusCode()).isEqualTo(406);
        assertThat(Http.get(port(), "/metrics", "text/*").statusCode()).isEqualTo(200);
    }

    @Test
    void theSeriesAreTheOnesPrometheusUsersKnow() {
        pollAfter(1, Observe.healthy().jicofoHealth(500));
        get("/signal/health", 503);
        Set<String> families = scrape().samples().stream()
                .map(sample -> sample.name().replaceAll("_(bucket|count|sum)$", ""))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(families).containsExactlyInAnyOrder(
                // the sidecar's
                "signal_health", "signal_census", "signal_health_check_total", "signal_unhealthy_check_total",
                "signal_unhealthy_total", "prosody_participant_sum_squared", "signal_jicofo_participants",
                "signal_jicofo_conferences", "prosody_census_participants", "prosody_census_rooms",
                "signal_weight_percent", "signal_status", "signal_poll_duration_seconds",
                "signal_poll_duration_seconds_max", "signal_poll_status_code", "signal_poll_errors_total",
                "signal_agent_replies_total", "http_server_requests_total", "http_server_request_duration_seconds",
                "http_server_request_duration_seconds_max", "http_server_requests_in_flight",
                // the process's
                "process_resident_memory_bytes", "process_virtual_memory_bytes", "process_open_fds", "process_max_fds",
                "process_cpu_seconds_total", "process_start_time_seconds", "jvm_threads_current", "jvm_threads_daemon",
                "jvm_threads_peak", "jvm_classes_currently_loaded",
                // Helidon's
                "jvm_uptime_seconds", "memory_used_heap_bytes", "memory_committed_heap_bytes", "memory_max_heap_bytes",
                "thread_starts", "gc_total", "gc_time_seconds_total", "cpu_available_processors",
                "cpu_system_load_average", "classloader_loaded_classes_total", "classloader_unloaded_classes_total",
                "requests_count_total");
        assertThat(scrape().samples()).allSatisfy(sample -> assertThat(sample.labels()).containsKey("scope"));
        assertThat(scrape().value("requests_count_total", "scope", "vendor")).as("every request, this one too")
                .isEqualTo(4);
    }

    @Test
    void aRestartedSidecarInTheSameJvmStartsFromZero() {
        pollAfter(1, Observe.healthy());
        agent("up ready 100%");
        assertThat(scrape().value("signal_health_check_total")).isEqualTo(1);
        sidecar.close();

        ScriptedPoll next = new ScriptedPoll();
        sidecar = Sidecar.start(TestConfig.loopback().metrics(true).build(), clock, next);
        next.awaitAsked();
        PrometheusText metrics = scrape();
        assertThat(metrics.value("signal_health_check_total")).isEqualTo(0);
        assertThat(metrics.value("signal_health")).isEqualTo(0);
        assertThat(metrics.find("signal_poll_duration_seconds_count", "peer", "prosody_census")).isEmpty();
        assertThat(metrics.find("prosody_census_rooms")).isEmpty();
        assertThat(metrics.value("signal_poll_duration_seconds_count", "peer", "jicofo_health")).isEqualTo(0);
    }
}
