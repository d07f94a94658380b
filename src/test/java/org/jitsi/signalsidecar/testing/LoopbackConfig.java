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
import org.jitsi.signalsidecar.report.AgentExtensions;
import org.jitsi.signalsidecar.report.EvaluationRules;

/**
 * A {@link SidecarConfig} for tests that run the whole sidecar: both listeners on 127.0.0.1 with
 * free ports, polling the given peers every 100 ms with a 500 ms request timeout, so a change in a
 * stub shows in the agent and the report within a few hundred milliseconds.
 */
public final class LoopbackConfig {
    public static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    public static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);

    private LoopbackConfig() {
    }

    public static SidecarConfig of(StubPeer jicofo, StubPeer prosody, Path statusFile, EvaluationRules rules,
                                   AgentExtensions agentExtensions) {
        return new SidecarConfig(
                new ListenAddress("127.0.0.1", 0),
                new ListenAddress("127.0.0.1", 0),
                new PeerSettings(URI.create(jicofo.origin()), URI.create(prosody.origin()), statusFile,
                        POLL_INTERVAL, REQUEST_TIMEOUT, Optional.empty()),
                rules,
                false,
                false,
                new LogSettings(LogSettings.Level.INFO, LogSettings.Format.TEXT),
                DumpScripts.none(),
                agentExtensions);
    }
}
