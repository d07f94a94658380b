package org.jitsi.signalsidecar.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

import org.jitsi.signalsidecar.Sidecar;
import org.jitsi.signalsidecar.config.DumpScripts;
import org.jitsi.signalsidecar.config.ListenAddress;
import org.jitsi.signalsidecar.config.LogSettings;
import org.jitsi.signalsidecar.config.PeerSettings;
import org.jitsi.signalsidecar.config.SidecarConfig;
import org.jitsi.signalsidecar.report.AgentExtensions;
import org.jitsi.signalsidecar.report.EvaluationRules;

/**
 * A whole sidecar on 127.0.0.1 (ephemeral ports, 100 ms polls) in front of stub jicofo and prosody,
 * with a status file in a temporary directory, and the calls a consumer makes.
 */
public final class SidecarHarness implements AutoCloseable {
    public static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    public final StubPeer jicofo = StubPeer.jicofo();
    public final StubPeer prosody = StubPeer.prosody();
    private final Path statusFile;
    private Sidecar sidecar;

    public SidecarHarness(Path dir) {
        this.statusFile = dir.resolve("shard-status");
        status("ready");
    }

    /** Peer settings pointing at the stubs. */
    public PeerSettings peers(Duration requestTimeout, Optional<String> censusHost) {
        return new PeerSettings(URI.create(jicofo.origin()), URI.create(prosody.origin()), statusFile,
                POLL_INTERVAL, requestTimeout, censusHost);
    }

    /** A config for the stubs with the given rules and a 400 ms request timeout. */
    public SidecarConfig config(EvaluationRules rules) {
        return config(rules, Duration.ofMillis(400), false);
    }

    /** Like {@link #config(EvaluationRules)}, with the agent adding these extensions to its line. */
    public SidecarConfig config(EvaluationRules rules, AgentExtensions agentExtensions) {
        return config(rules, Duration.ofMillis(400), false, agentExtensions);
    }

    public SidecarConfig config(EvaluationRules rules, Duration requestTimeout, boolean reportAlways200) {
        return config(rules, requestTimeout, reportAlways200, AgentExtensions.NONE);
    }

    private SidecarConfig config(EvaluationRules rules, Duration requestTimeout, boolean reportAlways200,
                                 AgentExtensions agentExtensions) {
        Optional<String> census = rules.censusEnabled() ? Optional.of("meet.test") : Optional.empty();
        return new SidecarConfig(new ListenAddress("127.0.0.1", 0), new ListenAddress("127.0.0.1", 0),
                peers(requestTimeout, census), rules, reportAlways200, false,
                new LogSettings(LogSettings.Level.INFO, LogSettings.Format.TEXT), DumpScripts.none(), agentExtensions);
    }

    public static EvaluationRules rules(double dampeningSeconds, double graceSeconds) {
        return new EvaluationRules(5000, false, seconds(dampeningSeconds), seconds(graceSeconds), false);
    }

    public static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    public SidecarHarness start(SidecarConfig config) {
        sidecar = Sidecar.start(config, Clock.systemUTC());
        return this;
    }

    public Sidecar sidecar() {
        return sidecar;
    }

    /** Replaces the status file at once, so a poll never reads it half written (empty: status unknown). */
    public void status(String contents) {
        try {
            Path next = Files.writeString(statusFile.resolveSibling(statusFile.getFileName() + ".next"), contents);
            Files.move(next, statusFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void removeStatusFile() {
        try {
            Files.deleteIfExists(statusFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HttpResponse<String> get(String path) {
        return Http.get(sidecar.httpPort(), path);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        return Http.send(request);
    }

    public URI uri(String path) {
        return Http.uri(sidecar.httpPort(), path);
    }

    public JsonNode report() {
        return Json.parse(get("/signal/report").body());
    }

    /** Polls {@code /signal/report} until it satisfies {@code condition}; returns that report. */
    public JsonNode awaitReport(Predicate<JsonNode> condition, String what) {
        return Await.until(this::report, condition, Duration.ofSeconds(10), what);
    }

    /** A report from a poll that started after this call: later changes of stubs and file are in it. */
    public JsonNode freshReport() {
        String after = report().get("time").asText();
        awaitReport(r -> r.get("time").asText().compareTo(after) > 0, "a newer poll");
        String next = report().get("time").asText();
        return awaitReport(r -> r.get("time").asText().compareTo(next) > 0, "a poll after the change");
    }

    /** Everything the agent sends on one connection, until it closes. */
    public String agent() {
        return Http.agent(sidecar.agentPort());
    }

    @Override
    public void close() {
        if (sidecar != null) {
            sidecar.close();
        }
        jicofo.close();
        prosody.close();
    }
}
