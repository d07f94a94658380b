package org.jitsi.signalsidecar;

import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Map;

import org.jitsi.signalsidecar.cli.OperatorCli;
import org.jitsi.signalsidecar.config.CommandLine;
import org.jitsi.signalsidecar.config.ConfigException;
import org.jitsi.signalsidecar.config.ConfigLoader;
import org.jitsi.signalsidecar.config.ListenAddress;
import org.jitsi.signalsidecar.config.SidecarConfig;
import org.jitsi.signalsidecar.fleet.FleetCli;
import org.jitsi.signalsidecar.lifecycle.Sleeper;
import org.jitsi.signalsidecar.lifecycle.RuntimeFile;
import org.jitsi.signalsidecar.observe.Logging;

/**
 * Loads the configuration, starts the {@link Sidecar}, stops it on SIGTERM or SIGINT after the
 * shutdown grace ({@link Shutdown}, exit 0). Exit 78 on a bad config.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int status = run(args, System.getenv());
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Starts the sidecar and returns 0 with it running, or the exit status it could not start with;
     * with {@code --healthcheck}, probes the running sidecar instead and returns the probe's status;
     * with an operator command ({@code status}, {@code drain}...), runs it against the running sidecar.
     */
    static int run(String[] args, Map<String, String> env) {
        CommandLine commandLine;
        ConfigLoader.Loaded loaded;
        try {
            commandLine = CommandLine.parse(args, env);
            loaded = ConfigLoader.load(commandLine.configFile(), env);
        } catch (ConfigException e) {
            System.err.println("signal-sidecar: " + e.getMessage());
            return ConfigException.EXIT_STATUS;
        }
        if (commandLine.healthcheck()) {
            return new HealthProbe(HealthProbe.TIMEOUT, System.err).probe(running(env, loaded.config()));
        }
        if (commandLine.fleet().isPresent()) {
            return new FleetCli(System.out, System.err, Clock.systemUTC(), Sleeper.system(), System.console() != null)
                    .run(commandLine.fleet().get(), loaded.config());
        }
        if (commandLine.command().isPresent()) {
            return new OperatorCli(System.out, System.err, Clock.systemUTC())
                    .run(commandLine.command().get(), loaded.config(), running(env, loaded.config()));
        }
        Logging.configure(loaded.config().log());
        System.Logger log = System.getLogger(Main.class.getName());
        loaded.warnings().forEach(warning -> log.log(Level.WARNING, warning));
        try {
            Sidecar sidecar = Sidecar.start(loaded.config(), Clock.systemUTC());
            // SIGTERM and SIGINT go through the grace; the hook covers every other way out (SIGHUP, ...)
            Runtime.getRuntime().addShutdownHook(new Thread(sidecar::close, "shutdown-hook"));
            new Shutdown(sidecar, loaded.config().shutdown().drain()).install();
            RuntimeFile.in(env).ifPresent(file -> file.publish(new RuntimeFile.Ports(loaded.config().http().host(),
                    sidecar.httpPort(), loaded.config().agent().host(), sidecar.agentPort())));
            log.log(Level.INFO, "signal-sidecar serves HTTP on port " + sidecar.httpPort()
                    + " and the HAProxy agent on port " + sidecar.agentPort() + ".");
            return 0;
        } catch (UncheckedIOException e) {
            log.log(Level.ERROR, "signal-sidecar cannot start: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Where the running sidecar serves HTTP: what it wrote to its {@link RuntimeFile} at start, when
     * the environment names one and it is there (in the container, where the arguments, a mounted
     * config or {@code pre-run.sh} may have set the port), else what this configuration says.
     */
    private static ListenAddress running(Map<String, String> env, SidecarConfig config) {
        return RuntimeFile.in(env).flatMap(RuntimeFile::readIfAny)
                .map(ports -> new ListenAddress(ports.httpHost(), ports.httpPort()))
                .orElse(config.http());
    }
}
