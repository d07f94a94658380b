package org.jitsi.signalsidecar.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One container of an image, run with {@code podman run -d} on podman's default network and removed
 * by {@link #close()}. Tests reach it at its own address (no published ports), so that every
 * container may use the image's ports.
 */
public final class PodmanContainer implements AutoCloseable {
    /** How long one podman command may take. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration AGENT_TIMEOUT = Duration.ofSeconds(10);

    /** What a podman command (or a command run in the container) printed, and its exit status. */
    public record Result(int status, String out, String err) {
        public String output() {
            return out.strip();
        }
    }

    private final String id;
    private final String address;

    private PodmanContainer(String id, String address) {
        this.id = id;
        this.address = address;
    }

    /**
     * Starts it: {@code podman run -d OPTIONS IMAGE ARGS}.
     *
     * @throws AssertionError when podman cannot start it
     */
    public static PodmanContainer start(String image, List<String> options, List<String> args) {
        List<String> command = new ArrayList<>(List.of("run", "-d"));
        command.addAll(options);
        command.add(image);
        command.addAll(args);
        Result run = podman(command.toArray(String[]::new));
        if (run.status() != 0) {
            throw new AssertionError("podman " + String.join(" ", command) + " failed: " + run.err());
        }
        String id = run.output();
        String address = podman("inspect", "--format", "{{.NetworkSettings.IPAddress}}", id).output();
        return new PodmanContainer(id, address);
    }

    /** Runs podman with these arguments and waits for it (at most a minute). */
    public static Result podman(String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("podman", ".out");
            Path err = Files.createTempFile("podman", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " took more than " + COMMAND_TIMEOUT);
                }
                return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String id() {
        return id;
    }

    public URI uri(int port, String path) {
        return URI.create("http://" + address + ":" + port + path);
    }

    /** GET of a path on the container's port. */
    public HttpResponse<String> get(int port, String path) {
        return Http.send(HttpRequest.newBuilder(uri(port, path)).GET());
    }

    /** The status of {@code GET /health} on the port, or -1 when nothing answers there (yet). */
    public int healthStatus(int port) {
        try {
            return get(port, "/health").statusCode();
        } catch (UncheckedIOException e) {
            return -1;
        }
    }

    /**
     * Waits until {@code /health} answers 200 on the port (after the first poll), failing with the
     * container's log if it exits first.
     */
    public void awaitHealth(int port) {
        Await.until(() -> running() ? healthStatus(port) : -2, status -> status == 200 || status == -2,
                Duration.ofSeconds(60), "/health to answer 200 on port " + port + " of the container");
        if (!running()) {
            throw new AssertionError("the container stopped: " + logs());
        }
    }

    /** Connects to the agent on the port and reads its line (everything until the sidecar closes). */
    public String agent(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), (int) AGENT_TIMEOUT.toMillis());
            socket.setSoTimeout((int) AGENT_TIMEOUT.toMillis());
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the image's HEALTHCHECK once ({@code podman healthcheck run}): 0 healthy, else not. */
    public int healthcheck() {
        return podman("healthcheck", "run", id).status();
    }

    /** Runs a command in the container, as its user. */
    public Result exec(String... command) {
        List<String> args = new ArrayList<>(List.of("exec", id));
        args.addAll(List.of(command));
        return podman(args.toArray(String[]::new));
    }

    /** A field of {@code podman inspect}, e.g. {@code {{.State.ExitCode}}}. */
    public String inspect(String format) {
        return podman("inspect", "--format", format, id).output();
    }

    public boolean running() {
        return "true".equals(inspect("{{.State.Running}}"));
    }

    public String logs() {
        Result logs = podman("logs", id);
        return logs.out() + logs.err();
    }

    /**
     * The container's memory cgroup file (cgroup v1, as podman sets it up with cgroupfs), such as
     * {@code memory.max_usage_in_bytes}: readable and resettable from the host as root.
     */
    public Path memoryCgroupFile(String name) {
        String cgroup = inspect("{{.State.CgroupPath}}");
        return Path.of("/sys/fs/cgroup/memory", cgroup, name);
    }

    @Override
    public void close() {
        podman("rm", "--force", "--time", "0", id);
    }
}
