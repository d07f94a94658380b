package org.jitsi.signalsidecar.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.jitsi.signalsidecar.report.AgentExtensions;
import org.jitsi.signalsidecar.report.EvaluationRules;

import static java.util.Objects.requireNonNull;

/**
 * Builds the {@link SidecarConfig}: the raw values from a {@link ConfigSource} (defaults, the YAML
 * file, the environment), then each settings record from them, where each value is parsed and
 * checked once. A bad one fails startup with one line that names it, instead of a stack trace or a
 * silent fallback. Here are only the checks that span records, and the two records of
 * {@code report/}, which knows nothing of configuration.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /** A loaded configuration and what the operator should be told about it once logging is up. */
    public record Loaded(SidecarConfig config, List<String> warnings) {
    }

    /**
     * @param configFile the YAML file; when it is the default file it may be missing
     * @param env        the process environment (tests pass their own)
     * @throws ConfigException when any value is unusable
     */
    public static Loaded load(Optional<Path> configFile, Map<String, String> env) {
        return load(configFile, env, CommandLine.DEFAULT_CONFIG_FILE);
    }

    /** As {@link #load(Optional, Map)}, with {@code defaultFile} read when no file is named. */
    static Loaded load(Optional<Path> configFile, Map<String, String> env, Path defaultFile) {
        return load(configFile, env, defaultFile, DescriptorLimit.current());
    }

    /** As {@link #load(Optional, Map, Path)}, with the connection caps fitted to this descriptor limit. */
    static Loaded load(Optional<Path> configFile, Map<String, String> env, Path defaultFile, long descriptorLimit) {
        requireNonNull(configFile, "configFile is null");
        requireNonNull(env, "env is null");
        requireNonNull(defaultFile, "defaultFile is null");
        List<String> warnings = new ArrayList<>();
        ConfigSource source = ConfigSource.load(configFile, configFile.orElse(defaultFile), env, warnings);
        SidecarConfig config = read(source, descriptorLimit, warnings);
        return new Loaded(config, List.copyOf(warnings));
    }

    private static SidecarConfig read(ConfigSource source, long descriptorLimit, List<String> warnings) {
        EvaluationRules rules = rules(source);
        PeerSettings peers = PeerSettings.from(source);
        ListenAddress http = ListenAddress.from(source, Setting.HTTP_HOST, Setting.HTTP_PORT);
        ListenAddress agent = ListenAddress.from(source, Setting.AGENT_HOST, Setting.AGENT_PORT);
        if (http.port() != 0 && http.port() == agent.port()) {
            throw source.invalid(Setting.AGENT_PORT, "must differ from " + source.name(Setting.HTTP_PORT)
                    + " (" + source.raw(Setting.HTTP_PORT) + ")");
        }
        return new SidecarConfig(http, agent,
                ListenerLimits.from(source, descriptorLimit),
                peers,
                rules,
                source.bool(Setting.REPORT_ALWAYS_200),
                source.bool(Setting.METRICS),
                LogSettings.from(source),
                DumpScripts.from(source),
                agentExtensions(source),
                ControlSettings.from(source, warnings),
                OperatorSettings.from(source),
                ShutdownSettings.from(source),
                ConsulSettings.from(source, peers.censusEnabled(), warnings));
    }

    /** How observations become a verdict; the drain grace is off or at least the dampening. */
    private static EvaluationRules rules(ConfigSource source) {
        Duration dampening = source.secondsOrOff(Setting.HEALTH_DAMPENING);
        Duration grace = source.secondsOrOff(Setting.DRAIN_GRACE);
        if (!grace.isZero() && grace.compareTo(dampening) < 0) {
            throw source.invalid(Setting.DRAIN_GRACE, "must be 0 (off) or at least " + source.name(Setting.HEALTH_DAMPENING)
                    + " (" + source.raw(Setting.HEALTH_DAMPENING) + ")");
        }
        return new EvaluationRules(
                source.wholeNumber(Setting.PARTICIPANT_MAX, "expected a whole number of at least 1"),
                source.bool(Setting.WEIGHT_PARTICIPANTS),
                dampening,
                grace);
    }

    private static AgentExtensions agentExtensions(ConfigSource source) {
        OptionalInt maxconn = source.raw(Setting.AGENT_MAXCONN).isBlank()
                ? OptionalInt.empty()
                : OptionalInt.of(source.wholeNumber(Setting.AGENT_MAXCONN,
                        "expected a whole number of at least 1, or empty for none"));
        return new AgentExtensions(maxconn, source.bool(Setting.AGENT_REASON));
    }
}
