package org.jitsi.signalsidecar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * A real nginx started by a test: in the foreground as a child process ({@code daemon off},
 * {@code master_process off}: one process, so no user to switch to), with its own prefix,
 * configuration, pid file, logs and temporary folders in a temporary directory, listening on
 * 127.0.0.1 only. Never the system service.
 */
public final class Nginx implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path log;
    private final int port;

    private Nginx(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Writes {@code dir/nginx.conf} with one server on {@code 127.0.0.1:port} holding the given
     * {@code location} blocks, starts nginx on it and waits until the port accepts connections.
     */
    public static Nginx start(Path executable, Path dir, int port, String locations) {
        requireNonNull(locations, "locations is null");
        Path config = dir.resolve("nginx.conf");
        Path log = dir.resolve("nginx.log");
        String text = """
                pid %1$s/nginx.pid;
                error_log %1$s/error.log info;
                events {
                    worker_connections 64;
                }
                http {
                    access_log %1$s/access.log;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    server {
                        listen 127.0.0.1:%2$d;
                %3$s
                    }
                }
                """.formatted(dir, port, locations);
        try {
            Files.writeString(config, text);
            Process process = new ProcessBuilder(executable.toString(), "-p", dir.toString(), "-c", config.toString(),
                    "-g", "daemon off; master_process off;")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Nginx nginx = new Nginx(process, log, port);
            Await.until(nginx::accepts, accepts -> accepts, START_TIMEOUT, "nginx on port " + port);
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable, e);
        }
    }

    private boolean accepts() {
        if (!process.isAlive()) {
            throw new AssertionError("nginx exited with status " + process.exitValue() + ":\n" + log());
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** What nginx wrote to stdout, stderr and its error log. */
    public String log() {
        StringBuilder text = new StringBuilder();
        for (Path file : new Path[] {log, log.resolveSibling("error.log")}) {
            try {
                text.append(Files.readString(file));
            } catch (IOException e) {
                text.append("(no ").append(file.getFileName()).append(": ").append(e.getMessage()).append(")\n");
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
