package org.jitsi.signalsidecar.testing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.jitsi.signalsidecar.config.DumpScripts;
import org.jitsi.signalsidecar.config.ListenAddress;
import org.jitsi.signalsidecar.config.LogSettings;
import org.jitsi.signalsidecar.config.PeerSettings;
import org.jitsi.signalsidecar.config.SidecarConfig;
import org.jitsi.signalsidecar.report.EvaluationRules;

/**
 * A {@link SidecarConfig} for tests: both listeners on 127.0.0.1 with free ports, peers nobody
 * listens on, a fast poll, metrics off, no flap mitigation; each method changes one thing.
 */
public final class TestConfig {
    private URI jicofo = URI.create("http://127.0.0.1:9");
    private URI prosody = URI.create("http://127.0.0.1:9");
    private Path statusFile = Path.of("/nonexistent/shard-status");
    private Duration interval = Duration.ofMillis(20);
    private Duration requestTimeout = Duration.ofSeconds(1);
    private Optional<String> censusHost = Optional.empty();
    private Duration dampening = Duration.ZERO;
    private Duration grace = Duration.ZERO;
    private boolean metrics;
    private DumpScripts dumps = DumpScripts.none();

    public static TestConfig loopback() {
        return new TestConfig();
    }

    public TestConfig peers(String jicofoOrigin, String prosodyOrigin) {
        jicofo = URI.create(jicofoOrigin);
        prosody = URI.create(prosodyOrigin);
        return this;
    }

    public TestConfig statusFile(Path file) {
        statusFile = file;
        return this;
    }

    public TestConfig interval(Duration pollInterval) {
        interval = pollInterval;
        return this;
    }

    public TestConfig requestTimeout(Duration timeout) {
        requestTimeout = timeout;
        return this;
    }

    public TestConfig census(String host) {
        censusHost = Optional.of(host);
        return this;
    }

    public TestConfig flapMitigation(Duration healthDampening, Duration drainGrace) {
        dampening = healthDampening;
        grace = drainGrace;
        return this;
    }

    public TestConfig metrics(boolean enabled) {
        metrics = enabled;
        return this;
    }

    public TestConfig dumps(DumpScripts scripts) {
        dumps = scripts;
        return this;
    }

    public SidecarConfig build() {
        return new SidecarConfig(
                new ListenAddress("127.0.0.1", 0),
                new ListenAddress("127.0.0.1", 0),
                new PeerSettings(jicofo, prosody, statusFile, interval, requestTimeout, censusHost),
                new EvaluationRules(5000, false, dampening, grace, censusHost.isPresent()),
                false,
                metrics,
                new LogSettings(LogSettings.Level.INFO, LogSettings.Format.TEXT),
                dumps);
    }
}
