package org.jitsi.signalsidecar.http.wire;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.IntFunction;

import io.helidon.webserver.WebServer;
import org.jitsi.signalsidecar.lifecycle.BackgroundLoop;
import org.jitsi.signalsidecar.lifecycle.Backoff;
import org.jitsi.signalsidecar.lifecycle.Loopback;
import org.jitsi.signalsidecar.lifecycle.OncePerProblem;
import org.jitsi.signalsidecar.lifecycle.Sleeper;

import static java.util.Objects.requireNonNull;

/**
 * The HTTP server, started again when its listener dies. Helidon 4.5 ends a listener for good when
 * an accept fails (e.g. "Too many open files" when something has taken the process's descriptors):
 * its socket closes and its thread stays blocked, while the agent goes on answering, so HAProxy
 * would keep sending calls to a node no monitor can see. The connection caps keep clients from
 * getting there; this is the net under them. Every {@link #CHECK_PERIOD} a virtual thread
 * ({@code http-listener-check}) tries
 * to bind the port itself (a bind and a close, nothing Helidon sees): while the listener lives that
 * fails; when it succeeds the listener is gone, and the server is built again on the same port, with
 * backoff while that fails. A rebuilt server is then asked a line that is not HTTP, which its
 * connections answer with 400 before any route (no route, metric or log above debug sees it), and
 * built once more if it takes the connection and closes it unanswered, as one did now and then on a
 * loaded machine in tests. No answer in time says nothing (every connection may be taken).
 */
final class SupervisedWebServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SupervisedWebServer.class.getName());
    /** How often the listener is checked. */
    static final Duration CHECK_PERIOD = Duration.ofSeconds(2);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);
    /** Not a request line: answered 400 by the connection, before routing. */
    private static final byte[] NOT_HTTP = "PROBE\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ANSWER = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);

    /** What one look at the listener found. */
    enum Check {
        /** It answered. */
        ANSWERS,
        /** Nothing listens on the port. */
        REFUSED,
        /** It took the connection and closed it without a word. */
        CLOSED_UNANSWERED,
        /** No answer in time, or a local failure: nothing to conclude. */
        UNKNOWN
    }

    private final IntFunction<WebServer> startOnPort;
    private final String host;
    private final int port;
    private final BackgroundLoop loop;
    private volatile InetSocketAddress reachAt;
    private volatile InetSocketAddress bound;
    private volatile String where;
    private volatile WebServer current;

    /**
     * Builds, does not start.
     *
     * @param startOnPort builds and starts the server on the port it is given
     * @param host        the address it listens on, to reach it from here
     * @param port        the port; 0: any free port
     */
    SupervisedWebServer(IntFunction<WebServer> startOnPort, String host, int port) {
        this.startOnPort = requireNonNull(startOnPort, "startOnPort is null");
        this.host = requireNonNull(host, "host is null");
        this.port = port;
        this.loop = BackgroundLoop.virtual("http-listener-check", Sleeper.system(), this::supervise);
    }

    /**
     * Starts the server and watches it.
     *
     * @throws RuntimeException what {@code startOnPort} throws the first time (nothing is watched then)
     */
    void start() {
        WebServer first = running(startOnPort, port);
        this.current = first;
        this.where = host + ":" + first.port();
        this.reachAt = new InetSocketAddress(Loopback.reaching(host), first.port());
        this.bound = new InetSocketAddress(host, first.port());
        loop.start();
    }

    /** Helidon does not throw when a listener cannot bind: it logs why and returns a server that is not running. */
    private static WebServer running(IntFunction<WebServer> startOnPort, int port) {
        WebServer server = startOnPort.apply(port);
        if (!server.isRunning()) {
            server.stop();
            throw new IllegalStateException("the listener did not start (the address may be in use; see the error above)");
        }
        return server;
    }

    /** The port it listens on: the same after a restart, also when it was picked at the first start. */
    int port() {
        return reachAt.getPort();
    }

    private void supervise() {
        // One exchange at once, on this virtual thread: besides checking the new server, its blocking
        // read makes the JDK set up the poller behind every virtual thread's socket I/O while
        // descriptors are plentiful. Set up first under exhaustion, it fails for the process's life
        // (NoClassDefFoundError: sun.nio.ch.Poller), and no listener could answer again.
        check();
        while (!loop.stopping()) {
            loop.pause(CHECK_PERIOD);
            if (loop.stopping() || listening()) {
                continue;
            }
            LOG.log(Level.WARNING, "The HTTP listener on " + where + " stopped accepting connections; starting it again");
            current.stop();
            startAgain();
            Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Math::random);
            boolean told = false;
            while (!loop.stopping() && check() == Check.CLOSED_UNANSWERED) {
                if (!told) {
                    LOG.log(Level.WARNING, "The HTTP listener on " + where + " closes connections without answering;"
                            + " starting it again, with backoff while that goes on");
                    told = true;
                }
                // it may only be short of descriptors for a moment: look again before building anew
                loop.pause(backoff.next());
                if (!loop.stopping() && check() == Check.CLOSED_UNANSWERED) {
                    current.stop();
                    startAgain();
                }
            }
        }
    }

    /**
     * False only when this process can bind the port itself, so nothing listens there. The test
     * socket reuses the address, so connections of the dead listener in TIME_WAIT do not hide it.
     */
    private boolean listening() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(bound, 1);
            return false;
        } catch (IOException e) {
            return true; // in use (BindException), or no descriptor to try with: nothing to conclude
        }
    }

    private Check check() {
        try (Socket socket = new Socket()) {
            socket.connect(reachAt, (int) CONNECT_TIMEOUT.toMillis());
            socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
            socket.getOutputStream().write(NOT_HTTP);
            byte[] start = socket.getInputStream().readNBytes(ANSWER.length);
            if (start.length == 0) {
                return Check.CLOSED_UNANSWERED;
            }
            return Arrays.equals(start, ANSWER) ? Check.ANSWERS : Check.UNKNOWN;
        } catch (ConnectException e) {
            return Check.REFUSED;
        } catch (IOException e) {
            return Check.UNKNOWN;
        }
    }

    private void startAgain() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Math::random);
        OncePerProblem failures = new OncePerProblem();
        while (!loop.stopping()) {
            try {
                current = running(startOnPort, reachAt.getPort());
                LOG.log(Level.INFO, "The HTTP listener on " + where + " is listening again");
                return;
            } catch (RuntimeException e) {
                Duration delay = backoff.next();
                if (failures.isNew(e.getMessage())) {
                    LOG.log(Level.WARNING, "Cannot listen for HTTP on " + where + " again: " + e.getMessage()
                            + "; trying again in " + delay.toMillis() + " ms, and later with backoff");
                }
                loop.pause(delay);
            }
        }
    }

    /** Stops watching, then stops the server. */
    @Override
    public void close() {
        loop.close();
        WebServer server = current;
        if (server != null) {
            server.stop();
        }
    }
}
