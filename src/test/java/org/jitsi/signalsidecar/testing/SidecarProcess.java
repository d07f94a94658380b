package org.jitsi.signalsidecar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar run as a child process, as systemd runs it: on loopback ports, against the given
 * peers, with a status file saying {@code ready} and an empty config file in {@code dir}, and only
 * {@code PATH} and the given variables in its environment. Its standard error is kept in
 * {@code dir/stderr}.
 */
public final class SidecarProcess implements AutoCloseable {
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final String JAR = System.getenv().getOrDefault("SIGNAL_SIDECAR_JAR", "target/signal-sidecar.jar");

    private final Process process;
    private final Path dir;
    private final int httpPort;
    private final int agentPort;

    private SidecarProcess(Process process, Path dir, int httpPort, int agentPort) {
        this.process = process;
        this.dir = dir;
        this.httpPort = httpPort;
        this.agentPort = agentPort;
    }

    /**
     * Starts it and waits until the agent answers.
     *
     * @param prefix a command the JVM runs under, such as {@code prlimit --nofile=512:512} (may be empty)
     * @param env    variables added to the sidecar's environment
     */
    public static SidecarProcess start(Path dir, List<String> prefix, StubPeer jicofo, StubPeer prosody,
                                       Map<String, String> env) {
        int httpPort = FreePort.pick();
        int agentPort = FreePort.pick();
        try {
            Files.writeString(dir.resolve("shard-status"), "ready\n");
            Files.writeString(dir.resolve("config.yaml"), "{}\n");
            List<String> command = new ArrayList<>(prefix);
            command.addAll(List.of(JAVA, "-jar", JAR));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(dir.resolve("stdout").toFile())
                    .redirectError(dir.resolve("stderr").toFile());
            builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
            Map<String, String> vars = builder.environment();
            vars.put("SIGNAL_SIDECAR_CONFIG", dir.resolve("config.yaml").toString());
            vars.put("HTTP_HOST", "127.0.0.1");
            vars.put("HTTP_PORT", String.valueOf(httpPort));
            vars.put("TCP_HOST", "127.0.0.1");
            vars.put("TCP_PORT", String.valueOf(agentPort));
            vars.put("JICOFO_ORIG", jicofo.origin());
            vars.put("PROSODY_ORIG", prosody.origin());
            vars.put("STATUS_PATH", dir.resolve("shard-status").toString());
            vars.put("POLLING_INTERVAL", "0.2");
            vars.putAll(env);
            SidecarProcess sidecar = new SidecarProcess(builder.start(), dir, httpPort, agentPort);
            Await.until(() -> sidecar.process.isAlive() ? sidecar.agent() : "exited: " + sidecar.stderr(),
                    line -> line.startsWith("up ") || line.startsWith("exited"), Duration.ofSeconds(60),
                    "the sidecar to start and find the node up");
            if (!sidecar.process.isAlive()) {
                throw new AssertionError("the sidecar exited: " + sidecar.stderr());
            }
            return sidecar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public int httpPort() {
        return httpPort;
    }

    public int agentPort() {
        return agentPort;
    }

    /** The agent's line, or why there was none. */
    public String agent() {
        try {
            return Http.agent(agentPort);
        } catch (UncheckedIOException e) {
            return "not listening: " + e.getMessage();
        }
    }

    public String stderr() {
        try {
            return Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asks it to stop as systemd, Docker and Nomad do: SIGTERM. */
    public void terminate() {
        process.destroy();
    }

    /** Waits up to {@code limit} for it to exit; true if it did. */
    public boolean exitedWithin(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** Kills it (SIGKILL) and waits for it to end. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
