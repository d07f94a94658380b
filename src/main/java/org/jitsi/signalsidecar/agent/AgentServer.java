package org.jitsi.signalsidecar.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jitsi.signalsidecar.config.ListenAddress;
import org.jitsi.signalsidecar.report.LogFields;

import static java.util.Objects.requireNonNull;

/**
 * HAProxy's agent-check peer: on every connection it writes one line, {@code up ready 100%\n} and
 * the like, then closes. It never waits for input, but reads and discards what a client sent
 * (HAProxy's {@code agent-send}) so the close is a FIN, not a reset. Each connection gets a
 * virtual thread; at most {@value #MAX_LINGERING} linger for the client's close, the rest are
 * answered and closed at once.
 */
public final class AgentServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AgentServer.class.getName());
    /** Connections allowed to wait for the client's close at the same time. */
    static final int MAX_LINGERING = 4096;
    /** How long a connection waits for the client to close after the reply; also the write bound. */
    static final Duration LINGER = Duration.ofSeconds(2);
    private static final int MAX_DISCARD_BYTES = 4096;

    private final ListenAddress address;
    private final Supplier<String> reply;
    private final Consumer<String> replied;
    private final Semaphore lingering = new Semaphore(MAX_LINGERING);
    private final AtomicReference<String> lastReply = new AtomicReference<>("");
    private ServerSocket server;
    private Thread acceptor;

    /** An agent nobody is told about: see {@link #AgentServer(ListenAddress, Supplier, Consumer)}. */
    public AgentServer(ListenAddress address, Supplier<String> reply) {
        this(address, reply, line -> { });
    }

    /**
     * @param address where to listen
     * @param reply   the line to send, without its newline; read at each connection
     * @param replied told of each line once it was written (the metrics count them); must return quickly
     */
    public AgentServer(ListenAddress address, Supplier<String> reply, Consumer<String> replied) {
        this.address = requireNonNull(address, "address is null");
        this.reply = requireNonNull(reply, "reply is null");
        this.replied = requireNonNull(replied, "replied is null");
    }

    /** Binds the port (so a bind error surfaces here) and starts accepting. */
    public void start() throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(address.host()), address.port()), 1024);
        acceptor = Thread.ofVirtual().name("agent-accept").start(this::acceptLoop);
        LOG.log(Level.INFO, "HAProxy agent listening on " + address.host() + ":" + port());
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The listener is open and its accept loop is running. */
    public boolean accepting() {
        return server != null && !server.isClosed() && acceptor != null && acceptor.isAlive();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().name("agent-connection").start(() -> serve(socket));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.log(Level.WARNING, "HAProxy agent could not accept a connection: " + e.getMessage());
                }
            }
        }
    }

    private void serve(Socket socket) {
        boolean linger = lingering.tryAcquire();
        try (socket) {
            socket.setSoTimeout((int) LINGER.toMillis());
            String line = reply.get();
            logChange(line);
            OutputStream out = socket.getOutputStream();
            out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            replied.accept(line);
            socket.shutdownOutput();
            if (linger) {
                discardUntilClosed(socket.getInputStream());
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "HAProxy agent connection ended early: " + e.getMessage());
        } finally {
            if (linger) {
                lingering.release();
            }
        }
    }

    /** Reads what the client sent until it closes, so our close does not reset the connection. */
    private static void discardUntilClosed(InputStream in) throws IOException {
        byte[] buffer = new byte[512];
        int total = 0;
        int n;
        while (total < MAX_DISCARD_BYTES && (n = in.read(buffer)) >= 0) {
            total += n;
        }
    }

    private void logChange(String line) {
        String previous = lastReply.getAndSet(line);
        if (!line.equals(previous)) {
            LOG.log(Level.INFO, "HAProxy agent now answers '" + line + "'" + (previous.isEmpty() ? "" : " (was '" + previous + "')"),
                    LogFields.of("event", "agent", "agentMessage", line, "previousAgentMessage", previous));
        }
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "Closing the agent listener failed: " + e.getMessage());
        }
    }
}
