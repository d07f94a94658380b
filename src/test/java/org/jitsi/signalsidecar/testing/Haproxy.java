package org.jitsi.signalsidecar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * A real HAProxy started by a test: its own configuration in a temporary folder, in the foreground
 * ({@code -db}) as a child process, with an admin stats socket there. Never the system service.
 * Reads HAProxy's own view of its servers through that socket.
 */
public final class Haproxy implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path socket;
    private final Path log;

    /**
     * HAProxy's view of one server, from {@code show servers state} and {@code show stat}.
     *
     * @param opState    {@code srv_op_state}: 0 stopped, 2 running
     * @param adminState {@code srv_admin_state} bits: 0x01 forced maintenance, 0x08 forced drain
     * @param weight     {@code srv_uweight}, the current weight
     * @param status     {@code status} of {@code show stat}: {@code no check}, {@code DRAIN (agent)}, {@code MAINT}, {@code DOWN (agent)}…
     * @param agent      {@code agent_status}: {@code L7OK} after an {@code up} reply, {@code L7STS} after {@code down}
     * @param lastAgent  {@code last_agt}: {@code via agent : down (description)}
     * @param maxconn    {@code slim}, the server's connection limit; empty when none
     */
    public record Server(int opState, int adminState, int weight, String status, String agent, String lastAgent,
                         String maxconn) {
    }

    private Haproxy(Process process, Path socket, Path log) {
        this.process = process;
        this.socket = socket;
        this.log = log;
    }

    /**
     * Writes {@code dir/haproxy.cfg} with the given backend sections, starts HAProxy on it and waits
     * until its stats socket answers.
     */
    public static Haproxy start(Path executable, Path dir, String backends) {
        requireNonNull(backends, "backends is null");
        Path socket = dir.resolve("haproxy.sock");
        Path config = dir.resolve("haproxy.cfg");
        Path log = dir.resolve("haproxy.log");
        String text = """
                global
                    stats socket %s mode 600 level admin
                    log stderr format raw local0 info
                defaults
                    mode tcp
                    log global
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                    timeout check 1s
                """.formatted(socket) + backends;
        try {
            Files.writeString(config, text);
            Process process = new ProcessBuilder(executable.toString(), "-f", config.toString(), "-db")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Haproxy haproxy = new Haproxy(process, socket, log);
            Await.until(haproxy::answers, answers -> answers, START_TIMEOUT, "HAProxy's stats socket");
            return haproxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable, e);
        }
    }

    private boolean answers() {
        if (!process.isAlive()) {
            throw new AssertionError("HAProxy exited with status " + process.exitValue() + ":\n" + log());
        }
        try {
            return command("show info").contains("Name: HAProxy");
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** One command on the admin socket; HAProxy answers and closes. */
    public String command(String command) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("HAProxy's stats socket: " + command, e);
        }
    }

    /** Every server of {@code backend}, by name. */
    public Map<String, Server> servers(String backend) {
        Map<String, Map<String, String>> stats = new HashMap<>();
        for (Map<String, String> row : rows(command("show stat"), ",")) {
            if (backend.equals(row.get("pxname"))) {
                stats.put(row.get("svname"), row);
            }
        }
        Map<String, Server> servers = new HashMap<>();
        for (Map<String, String> state : rows(command("show servers state " + backend), " ")) {
            Map<String, String> stat = stats.getOrDefault(state.get("srv_name"), Map.of());
            servers.put(state.get("srv_name"), new Server(
                    Integer.parseInt(state.get("srv_op_state")),
                    Integer.parseInt(state.get("srv_admin_state")),
                    Integer.parseInt(state.get("srv_uweight")),
                    stat.getOrDefault("status", "?"),
                    stat.getOrDefault("agent_status", "?"),
                    stat.getOrDefault("last_agt", "?"),
                    stat.getOrDefault("slim", "?")));
        }
        return servers;
    }

    /**
     * The rows of a table whose header line starts with {@code # }: {@code show servers state} is
     * separated by spaces, {@code show stat} is CSV (HAProxy quotes fields holding commas).
     */
    private static List<Map<String, String>> rows(String output, String separator) {
        List<String> header = null;
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("# ")) {
                header = split(line.substring(2), separator);
            } else if (header != null && !line.isBlank()) {
                List<String> fields = split(line, separator);
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < Math.min(header.size(), fields.size()); i++) {
                    row.put(header.get(i), fields.get(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<String> split(String line, String separator) {
        if (separator.equals(" ")) {
            return List.of(line.split(" "));
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    /** What HAProxy wrote to stdout and stderr so far: its state changes and warnings. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
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
