package org.jitsi.signalsidecar.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;

import org.jitsi.signalsidecar.Sidecar;
import org.jitsi.signalsidecar.consul.ConsulFeatures;
import org.jitsi.signalsidecar.report.SnapshotStore;

/**
 * A real sidecar in this JVM for end-to-end tests, on the system clock, and the calls a consumer
 * makes to it: HTTP on its REST port and the HAProxy agent, both through {@link Http}.
 */
public final class LocalSidecar implements AutoCloseable {
    private final Sidecar sidecar;

    private LocalSidecar(Sidecar sidecar) {
        this.sidecar = sidecar;
    }

    public static LocalSidecar start(TestConfig config) {
        return new LocalSidecar(Sidecar.start(config.build(), Clock.systemUTC()));
    }

    /** A sidecar a test started itself, e.g. with a poll of its own; {@link #close()} stops it. */
    public static LocalSidecar of(Sidecar sidecar) {
        return new LocalSidecar(sidecar);
    }

    /** Where its snapshots are published: a listener sees every poll. */
    public SnapshotStore store() {
        return sidecar.store();
    }

    public int httpPort() {
        return sidecar.httpPort();
    }

    public int agentPort() {
        return sidecar.agentPort();
    }

    /** Its Consul features; fails when neither is on. */
    public ConsulFeatures consul() {
        return sidecar.consul().orElseThrow();
    }

    public URI uri(String path) {
        return Http.uri(httpPort(), path);
    }

    public HttpResponse<String> get(String path) {
        return Http.get(httpPort(), path);
    }

    /** {@code /signal/report}, parsed. */
    public JsonNode report() {
        return Json.parse(get("/signal/report").body());
    }

    /** Polls {@code /signal/report} for up to 10 s until it satisfies {@code condition}; returns that report. */
    public JsonNode awaitReport(Predicate<JsonNode> condition, String what) {
        return Await.until(this::report, condition, Duration.ofSeconds(10), what);
    }

    /** Everything the agent sends on one connection, until it closes. */
    public String agent() {
        return Http.agent(agentPort());
    }

    @Override
    public void close() {
        sidecar.close();
    }
}
