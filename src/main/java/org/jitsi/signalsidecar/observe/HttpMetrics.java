package org.jitsi.signalsidecar.observe;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.helidon.http.HttpException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import static java.util.Objects.requireNonNull;

/**
 * The Node.js sidecar's HTTP series, kept by name: requests by method, code and route, their
 * duration by method and route, and requests in flight by method. The route is the matched route
 * pattern ({@code /signal/health}, {@code /health}), {@code unmatched} for a 404, so a scanner cannot create series
 * at will; methods outside the standard ones count as {@code other}. And Helidon's count of every
 * request ({@code requests_count_total}, scope {@code vendor}), which its web server's metrics
 * feature kept.
 */
final class HttpMetrics implements Filter {
    static final String REQUESTS = "http_server_requests";
    static final String DURATION = "http_server_request_duration";
    static final String IN_FLIGHT = "http_server_requests_in_flight";
    /** Helidon's name: Prometheus shows {@code requests_count_total}. */
    static final String ALL_REQUESTS = "requests.count";
    static final String UNMATCHED = "unmatched";

    /** The Node.js sidecar's buckets, in seconds: 0.003, 0.01, 0.05, 0.1, 0.3, 1, 2.5, 10. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(3), Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(10)};
    private static final Set<String> METHODS =
            Set.of("get", "head", "post", "put", "delete", "options", "patch", "trace", "connect");

    private final MeterRegistry meters;
    private final Counter allRequests;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    /** Meters by their labels, built once: the labels are bounded, and so are these maps. */
    private final Map<List<String>, Counter> requests = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> durations = new ConcurrentHashMap<>();

    HttpMetrics(MeterRegistry meters) {
        this.meters = requireNonNull(meters, "meters is null");
        this.allRequests = Counter.builder(ALL_REQUESTS)
                .description("Each request (regardless of HTTP method) will increase this counter")
                .tag(SidecarMetrics.SCOPE, "vendor")
                .register(meters);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        allRequests.increment();
        String method = method(req.prologue().method().text());
        AtomicInteger flying = inFlight.computeIfAbsent(method, this::inFlightGauge);
        flying.incrementAndGet();
        Timer.Sample sample = Timer.start(meters);
        int code = 500;
        try {
            chain.proceed();
            code = res.status().code();
        } catch (HttpException e) {
            // answered by an error handler after this filter, e.g. 404 for an unknown path
            code = e.status().code();
            throw e;
        } finally {
            flying.decrementAndGet();
            count(method, String.valueOf(code), route(req.matchingPattern().orElse(UNMATCHED)), sample);
        }
    }

    private void count(String method, String code, String route, Timer.Sample sample) {
        requests.computeIfAbsent(List.of(method, code, route), labels -> Counter.builder(REQUESTS)
                        .description("HTTP requests, by method, status code and route")
                        .tags(Tags.of("method", method, "code", code, "uri", route))
                        .register(meters))
                .increment();
        sample.stop(durations.computeIfAbsent(List.of(method, route), labels -> Timer.builder(DURATION)
                .description("HTTP request duration, by method and route")
                .tags(Tags.of("method", method, "uri", route))
                .serviceLevelObjectives(BUCKETS)
                .register(meters)));
    }

    private AtomicInteger inFlightGauge(String method) {
        AtomicInteger count = new AtomicInteger();
        Gauge.builder(IN_FLIGHT, count, AtomicInteger::get)
                .description("HTTP requests being answered, by method")
                .tag("method", method)
                .register(meters);
        return count;
    }

    /** The observers' routes end in a slash ({@code /health/}); the label shows the path as requested. */
    static String route(String pattern) {
        return pattern.length() > 1 && pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern;
    }

    static String method(String method) {
        String lower = method.toLowerCase(Locale.ROOT);
        return METHODS.contains(lower) ? lower : "other";
    }
}
