package org.jitsi.signalsidecar.testing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.jitsi.signalsidecar.config.ConsulSettings;
import org.jitsi.signalsidecar.config.ControlSettings;
import org.jitsi.signalsidecar.config.DumpScripts;
import org.jitsi.signalsidecar.config.ListenAddress;
import org.jitsi.signalsidecar.config.ListenerLimits;
import org.jitsi.signalsidecar.config.LogSettings;
import org.jitsi.signalsidecar.config.OperatorSettings;
import org.jitsi.signalsidecar.config.PeerSettings;
import org.jitsi.signalsidecar.config.ShutdownSettings;
import org.jitsi.signalsidecar.config.SidecarConfig;
import org.jitsi.signalsidecar.report.AgentExtensions;
import org.jitsi.signalsidecar.report.EvaluationRules;

/**
 * The one way tests build a {@link SidecarConfig}. Unless a method says otherwise: both listeners
 * on 127.0.0.1 with free ports, peers nobody listens on, a poll every 20 ms with a 1 s request
 * timeout, no census, 5000 participants at most and weight 100% when ready, no flap mitigation,
 * {@code /signal/report} 503 when unhealthy, metrics off, no dump scripts, the plain agent line, no
 * drain-control API, 200 events kept and the status page on, no Consul, the default listener limits.
 * Each method changes one thing.
 */
public final class TestConfig {
    private URI jicofo = URI.create("http://127.0.0.1:9");
    private URI prosody = URI.create("http://127.0.0.1:9");
    private Path statusFile = Path.of("/nonexistent/shard-status");
    private Duration interval = Duration.ofMillis(20);
    private Duration requestTimeout = Duration.ofSeconds(1);
    private Optional<String> censusHost = Optional.empty();
    private int participantMax = 5000;
    private boolean weightParticipants;
    private Duration dampening = Duration.ZERO;
    private Duration grace = Duration.ZERO;
    private boolean reportAlways200;
    private boolean metrics;
    private DumpScripts dumps = DumpScripts.none();
    private AgentExtensions agentExtensions = AgentExtensions.NONE;
    private ControlSettings control = ControlSettings.off();
    private OperatorSettings operator = OperatorSettings.DEFAULTS;
    private ShutdownSettings shutdown = ShutdownSettings.immediate();
    private ConsulSettings consul = ConsulSettings.disabled();
    private ListenerLimits limits = ListenerLimits.DEFAULTS;

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

    /** Census polling of this prosody VirtualHost, and census stats in the report. */
    public TestConfig census(String host) {
        censusHost = Optional.of(host);
        return this;
    }

    public TestConfig participantMax(int max) {
        participantMax = max;
        return this;
    }

    public TestConfig weightParticipants(boolean enabled) {
        weightParticipants = enabled;
        return this;
    }

    public TestConfig flapMitigation(Duration healthDampening, Duration drainGrace) {
        dampening = healthDampening;
        grace = drainGrace;
        return this;
    }

    public TestConfig reportAlways200(boolean enabled) {
        reportAlways200 = enabled;
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

    public TestConfig agentExtensions(AgentExtensions extensions) {
        agentExtensions = extensions;
        return this;
    }

    /** The drain-control API at {@code /signal/status}, with this bearer token. */
    public TestConfig controlToken(String token) {
        control = new ControlSettings(Optional.of(token));
        return this;
    }

    /** The transition history's size and the status page (default: 200 events, page on). */
    public TestConfig operator(OperatorSettings settings) {
        operator = settings;
        return this;
    }

    /** A shutdown grace of this long (the sidecar in this JVM takes no signals: see {@code Sidecar#beginStopping}). */
    public TestConfig shutdownDrain(Duration drain) {
        shutdown = new ShutdownSettings(drain);
        return this;
    }

    public TestConfig consul(ConsulSettings settings) {
        consul = settings;
        return this;
    }

    /** The listeners' timeouts, caps and body size (default: {@link ListenerLimits#DEFAULTS}). */
    public TestConfig limits(ListenerLimits listenerLimits) {
        limits = listenerLimits;
        return this;
    }

    public SidecarConfig build() {
        return new SidecarConfig(
                new ListenAddress("127.0.0.1", 0),
                new ListenAddress("127.0.0.1", 0),
                limits,
                new PeerSettings(jicofo, prosody, statusFile, interval, requestTimeout, censusHost),
                new EvaluationRules(participantMax, weightParticipants, dampening, grace),
                reportAlways200,
                metrics,
                new LogSettings(LogSettings.Level.INFO, LogSettings.Format.TEXT),
                dumps,
                agentExtensions,
                control,
                operator,
                shutdown,
                consul);
    }
}
