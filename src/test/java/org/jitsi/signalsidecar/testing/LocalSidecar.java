package org.jitsi.signalsidecar.testing;

import com.fasterxml.jackson.databind.JsonNode;

import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.api.WebClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.jitsi.signalsidecar.Sidecar;
import org.jitsi.signalsidecar.config.DumpScripts;
import org.jitsi.signalsidecar.config.ListenAddress;
import org.jitsi.signalsidecar.config.LogSettings;
import org.jitsi.signalsidecar.config.PeerSettings;
import org.jitsi.signalsidecar.config.SidecarConfig;
import org.jitsi.signalsidecar.report.EvaluationRules;

/**
 * A real sidecar in this JVM for end-to-end tests: both listeners on 127.0.0.1 (free ports),
 * polling every 100 ms with a 500 ms request timeout, no drain grace, and a client for its HTTP API.
 */
public final class LocalSidecar implements AutoCloseable {
    public static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    public static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);

    private final Sidecar sidecar;
    private final WebClient client;

    private LocalSidecar(Sidecar sidecar) {
        this.sidecar = sidecar;
        this.client = WebClient.builder()
                .baseUri("http://127.0.0.1:" + sidecar.httpPort())
                .readTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * @param censusHost the prosody VirtualHost to take the census of; empty leaves census polling off
     * @param dampening  how long a recovered node stays reported unhealthy
     */
    public static LocalSidecar start(String jicofoOrigin, String prosodyOrigin, Path statusFile,
                                     Optional<String> censusHost, Duration dampening) {
        PeerSettings peers = new PeerSettings(URI.create(jicofoOrigin), URI.create(prosodyOrigin), statusFile,
                POLL_INTERVAL, REQUEST_TIMEOUT, censusHost);
        EvaluationRules rules = new EvaluationRules(5000, false, dampening, Duration.ZERO, censusHost.isPresent());
        SidecarConfig config = new SidecarConfig(new ListenAddress("127.0.0.1", 0), new ListenAddress("127.0.0.1", 0),
                peers, rules, false, false, new LogSettings(LogSettings.Level.INFO, LogSettings.Format.TEXT),
                DumpScripts.none());
        return new LocalSidecar(Sidecar.start(config, Clock.systemUTC()));
    }

    public ClientResponseTyped<String> get(String path) {
        return client.get(path).request(String.class);
    }

    /** {@code /signal/report}, parsed. */
    public JsonNode report() {
        return Json.parse(get("/signal/report").entity());
    }

    @Override
    public void close() {
        client.closeResource();
        sidecar.close();
    }
}
