package org.jitsi.signalsidecar.http.wire;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.common.task.InterruptableTask;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;

import static java.util.Objects.requireNonNull;

/**
 * One connection of the HTTP listener: Helidon's own HTTP/1.1 connection, reading the socket through
 * {@link RequestLines}, plus what Helidon does not do by itself:
 * <ul>
 *     <li><b>HTTP/1.0.</b> A request line ending in {@code HTTP/1.0} is parsed as HTTP/1.1. Unless the
 *     request says {@code Connection: keep-alive}, it is then given {@code Connection: close}, so the
 *     answer says so and the connection ends after it, as HTTP/1.0 expects. With keep-alive, the answer
 *     says {@code Connection: keep-alive}. The status line stays {@code HTTP/1.1}: a server answers
 *     with the highest minor version it speaks (RFC 9110 section 2.5), and HTTP/1.0 clients (nginx's
 *     {@code proxy_pass}, HAProxy's {@code httpchk}) read it as such. Bodies never go chunked to
 *     anyone: {@link WholeResponses} gives every answer a {@code Content-Length}.</li>
 *     <li><b>{@code Connection: close} at once.</b> Helidon sends {@code Connection: close} but then
 *     waits for the next request until the client closes; here the connection ends right after an
 *     answer that says {@code close} (the client sees the FIN at once).</li>
 *     <li><b>Bounded waits.</b> A client that sends nothing, or a request too slowly, has its
 *     connection closed by the {@link ReadWatch} (see {@link RequestLines#overdue}).</li>
 *     <li><b>Refused bodies.</b> A body larger than the listener takes is answered with 413 by
 *     Helidon without being read; before the socket closes, at most {@value #MAX_DISCARDED_BYTES}
 *     bytes of it are read and dropped, briefly, so that the close does not turn into a reset that
 *     would destroy the answer on its way to the client.</li>
 * </ul>
 */
final class GuardedConnection implements ServerConnection {
    /** The most of a refused body read (and dropped) before the connection closes. */
    static final int MAX_DISCARDED_BYTES = 1024 * 1024;

    private final RequestLines lines;
    private final ServerConnection helidon;
    private final ReadWatch watch;
    /** The latest request announced a body ({@code Content-Length} or {@code Transfer-Encoding}). */
    private volatile boolean bodyAnnounced;
    private volatile boolean expired;

    GuardedConnection(ConnectionContext ctx, Http1ConnectionSelector http1, int maxRequestLine, int maxHeadersSize,
                      ReadBounds bounds, ReadWatch watch) {
        requireNonNull(ctx, "ctx is null");
        this.watch = requireNonNull(watch, "watch is null");
        this.lines = new RequestLines(ctx.dataReader(), this::awaitingRequestLine, maxRequestLine, maxHeadersSize, bounds);
        this.helidon = http1.connection(new Context(ctx, DataReader.create(lines), this));
    }

    /** The listeners to put in the {@code Http1Config} of the selector this connection is made by. */
    static Http1ConnectionListener receiveListener() {
        return new Http1ConnectionListener() {
            @Override
            public void headers(ConnectionContext ctx, Headers headers) {
                if (ctx instanceof Context context && headers instanceof WritableHeaders<?> writable) {
                    context.connection.requestHeaders(writable);
                }
            }
        };
    }

    static Http1ConnectionListener sendListener() {
        return new Http1ConnectionListener() {
            @Override
            public void headers(ConnectionContext ctx, Headers headers) {
                if (ctx instanceof Context context) {
                    context.connection.responseHeaders(headers);
                }
            }
        };
    }

    private boolean awaitingRequestLine() {
        return helidon instanceof InterruptableTask<?> task && task.canInterrupt();
    }

    private void requestHeaders(WritableHeaders<?> headers) {
        bodyAnnounced = headers.contains(HeaderNames.CONTENT_LENGTH) && !headers.get(HeaderNames.CONTENT_LENGTH)
                .get().strip().equals("0") || headers.contains(HeaderNames.TRANSFER_ENCODING);
        lines.chunkedBody(headers.contains(HeaderValues.TRANSFER_ENCODING_CHUNKED));
        if (lines.http10() && !hasConnectionToken(headers, HeaderValues.CONNECTION_KEEP_ALIVE)) {
            headers.set(HeaderValues.CONNECTION_CLOSE);
        }
        if (hasConnectionToken(headers, HeaderValues.CONNECTION_CLOSE)) {
            // Helidon answers with Connection: close
            endAfterThisRequest();
        }
    }

    /** Told before Helidon adds its own {@code Connection} header: this sees what a handler set. */
    private void responseHeaders(Headers headers) {
        lines.answered();
        if (hasConnectionToken(headers, HeaderValues.CONNECTION_CLOSE)) {
            endAfterThisRequest();
        }
    }

    /**
     * {@code Connection} holds the value's token. Looks the header up first: most requests and
     * answers have none, and Helidon's {@code containsToken} allocates a stream pipeline each call.
     */
    private static boolean hasConnectionToken(Headers headers, Header token) {
        return headers.contains(HeaderNames.CONNECTION) && headers.containsToken(token);
    }

    /**
     * No next request: Helidon's loop ends once this answer is written, and Helidon closes the socket.
     * An answer written while the request line is awaited is Helidon's own error answer (400, 414),
     * after which Helidon closes anyway; asking it then would interrupt the thread writing the answer.
     */
    private void endAfterThisRequest() {
        if (!awaitingRequestLine()) {
            helidon.close(false);
        }
    }

    @Override
    public void handle(Limit limit) throws InterruptedException {
        watch.add(this);
        try {
            helidon.handle(limit);
        } finally {
            if (bodyAnnounced && !expired) {
                lines.discardRest(MAX_DISCARDED_BYTES);
            }
            watch.remove(this);
        }
    }

    /** The client has kept this connection waiting longer than allowed. */
    boolean overdue(long now) {
        return lines.overdue(now);
    }

    /** Ends the connection now: its reading thread is interrupted, which closes the socket. */
    void expire() {
        expired = true;
        helidon.close(true);
    }

    @Override
    public Duration idleTime() {
        return helidon.idleTime();
    }

    @Override
    public void close(boolean interrupt) {
        helidon.close(interrupt);
    }

    /** Helidon's context of the connection, with the reader replaced, and a way back to this connection. */
    private record Context(ConnectionContext socket, DataReader dataReader, GuardedConnection connection)
            implements ConnectionContext {
        @Override
        public ListenerContext listenerContext() {
            return socket.listenerContext();
        }

        @Override
        public ExecutorService executor() {
            return socket.executor();
        }

        @Override
        public DataWriter dataWriter() {
            return socket.dataWriter();
        }

        @Override
        public Router router() {
            return socket.router();
        }

        @Override
        public Optional<ProxyProtocolData> proxyProtocolData() {
            return socket.proxyProtocolData();
        }

        @Override
        public HelidonSocket serverSocket() {
            return socket.serverSocket();
        }

        @Override
        public PeerInfo remotePeer() {
            return socket.remotePeer();
        }

        @Override
        public PeerInfo localPeer() {
            return socket.localPeer();
        }

        @Override
        public boolean isSecure() {
            return socket.isSecure();
        }

        @Override
        public String socketId() {
            return socket.socketId();
        }

        @Override
        public String childSocketId() {
            return socket.childSocketId();
        }
    }
}
