package org.jitsi.signalsidecar.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The running sidecar's listen addresses, in a small file ({@value #FILE_NAME}) in the runtime
 * directory named by {@value #DIRECTORY_VARIABLE} (the image sets {@code /run/signal-sidecar}; systemd
 * sets the variable for a unit with {@code RuntimeDirectory=}). Written once the listeners are bound,
 * so it holds the real ports whatever chose them (arguments, a mounted config, {@code pre-run.sh}, the
 * environment, port 0). The container's health check (a shell script) and the operator commands read
 * it to find the sidecar. Without the variable there is no file.
 *
 * <p>Its lines are {@code name=value}: {@code http_host}, {@code http_port}, {@code agent_host},
 * {@code agent_port}. It is replaced by a rename, so a reader sees the old file or the new one.
 */
public record RuntimeFile(Path path) {
    public static final String DIRECTORY_VARIABLE = "RUNTIME_DIRECTORY";
    public static final String FILE_NAME = "ports";
    private static final String ANY = "0.0.0.0";
    private static final System.Logger LOG = System.getLogger(RuntimeFile.class.getName());

    /** The addresses one running sidecar listens on. */
    public record Ports(String httpHost, int httpPort, String agentHost, int agentPort) {
        public Ports {
            requireNonNull(httpHost, "httpHost is null");
            requireNonNull(agentHost, "agentHost is null");
        }
    }

    public RuntimeFile {
        requireNonNull(path, "path is null");
    }

    /**
     * The file in the runtime directory the environment names, if it names one; of a list
     * ({@code a:b}, as systemd writes several) the first.
     */
    public static Optional<RuntimeFile> in(Map<String, String> env) {
        String directory = env.getOrDefault(DIRECTORY_VARIABLE, "").split(":", -1)[0];
        return directory.isBlank() ? Optional.empty() : Optional.of(new RuntimeFile(Path.of(directory, FILE_NAME)));
    }

    /**
     * Writes the ports: a temporary file beside it, then a rename over it.
     *
     * @throws UncheckedIOException when the directory is missing or not writable
     */
    public void write(Ports ports) {
        String text = "http_host=" + ports.httpHost() + "\nhttp_port=" + ports.httpPort()
                + "\nagent_host=" + ports.agentHost() + "\nagent_port=" + ports.agentPort() + "\n";
        Path temporary = path.resolveSibling("." + FILE_NAME + ".tmp");
        try {
            Files.writeString(temporary, text, StandardCharsets.US_ASCII);
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e, e);
        }
    }

    /**
     * Writes the ports, or logs one warning saying why it cannot: the sidecar runs on without the
     * file, but the tools that read it cannot find it.
     */
    public void publish(Ports ports) {
        try {
            write(ports);
        } catch (UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "The sidecar cannot publish its ports: " + e.getMessage()
                    + "; the container's health check and the operator commands cannot find it"
                    + " (make " + path.getParent() + " writable, e.g. a tmpfs).");
        }
    }

    /** The ports it holds, or empty when there are none to be read (no file, unreadable, garbled). */
    public Optional<Ports> readIfAny() {
        try {
            return read();
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /**
     * The ports it holds; empty when there is no file or it lacks a valid {@code http_port} (a missing
     * host is {@code 0.0.0.0}, a missing agent port 0).
     *
     * @throws UncheckedIOException when the file exists but cannot be read
     */
    public Optional<Ports> read() {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e, e);
        }
        Map<String, String> values = new HashMap<>();
        text.lines().forEach(line -> {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        });
        int httpPort = port(values.get("http_port"));
        if (httpPort <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Ports(values.getOrDefault("http_host", ANY), httpPort,
                values.getOrDefault("agent_host", ANY), Math.max(0, port(values.get("agent_port")))));
    }

    /** The port, or -1 when the text is not one. */
    private static int port(String text) {
        if (text == null || !text.matches("[0-9]{1,5}")) {
            return -1;
        }
        int port = Integer.parseInt(text);
        return port <= 65535 ? port : -1;
    }
}
