package org.jitsi.signalsidecar.config;

import org.jitsi.signalsidecar.report.AgentExtensions;
import org.jitsi.signalsidecar.report.EvaluationRules;

import static java.util.Objects.requireNonNull;

/**
 * The whole configuration. Built by {@link ConfigLoader} from defaults, the YAML file and the
 * environment, each part validated once where it is read; tests build it directly.
 *
 * @param http            the REST listener
 * @param agent           the HAProxy agent-check listener
 * @param limits          what one client may cost either listener: timeouts, connection caps, body size
 * @param peers           what is polled and how often, census polling included
 * @param rules           how observations become a verdict
 * @param reportAlways200 answer {@code /signal/report} with 200 even when unhealthy, as the original did
 * @param metricsEnabled  serve {@code /metrics}
 * @param log             log level and format
 * @param dumps           scripts run on a healthy-to-unhealthy transition
 * @param agentExtensions optional words added to the HAProxy agent's line
 * @param control         the drain-control API ({@code /signal/status}), off unless a token is set
 * @param operator        the transition history and the status page
 * @param shutdown        the shutdown grace
 * @param consul          the Consul status watch and report publishing (both off by default)
 */
public record SidecarConfig(ListenAddress http,
                            ListenAddress agent,
                            ListenerLimits limits,
                            PeerSettings peers,
                            EvaluationRules rules,
                            boolean reportAlways200,
                            boolean metricsEnabled,
                            LogSettings log,
                            DumpScripts dumps,
                            AgentExtensions agentExtensions,
                            ControlSettings control,
                            OperatorSettings operator,
                            ShutdownSettings shutdown,
                            ConsulSettings consul) {
    public SidecarConfig {
        requireNonNull(http, "http is null");
        requireNonNull(agent, "agent is null");
        requireNonNull(limits, "limits is null");
        requireNonNull(peers, "peers is null");
        requireNonNull(rules, "rules is null");
        requireNonNull(log, "log is null");
        requireNonNull(dumps, "dumps is null");
        requireNonNull(agentExtensions, "agentExtensions is null");
        requireNonNull(control, "control is null");
        requireNonNull(operator, "operator is null");
        requireNonNull(shutdown, "shutdown is null");
        requireNonNull(consul, "consul is null");
    }

    /** The waits derived from the poll interval and the request timeout. */
    public Timings timings() {
        return Timings.of(peers);
    }
}
