package org.jitsi.signalsidecar.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A jicofo or prosody on 127.0.0.1 that misbehaves on command, on the level of bytes on the
 * socket, which a well-behaved HTTP server cannot: it can refuse connections, reset one in the
 * middle of a response, hang before the headers, drip a body a byte at a time, stream a huge or
 * an endless chunked body, redirect to itself, and answer any status, content type or body. Each
 * path has an {@link Answer}; {@link #heal()} restores the healthy ones. Every connection gets one
 * answer and is then closed.
 *
 * <p>It counts what it sent, so a test can check that the sidecar stopped reading at its cap:
 * {@link #mostBytesSent(String)} is the most one answer for a path wrote before the sidecar hung up
 * (what the kernel's socket buffers took in counts too).
 */
public final class FaultyPeer implements AutoCloseable {
    /** How long a hanging or dripping answer waits between looks at whether the client left. */
    private static final int PATIENCE_MILLIS = 20;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final int MAX_REQUEST_HEAD = 16 * 1024;

    /** How one request is answered. */
    @FunctionalInterface
    public interface Answer {
        /**
         * Writes the answer (or not) to {@code out}, the stream of {@code socket}; an answer that
         * goes on stops when {@code ended} says the peer healed or closed.
         */
        void send(Socket socket, OutputStream out, BooleanSupplier ended) throws IOException;

        /** A complete response with {@code Content-Length}; an empty {@code contentType} sends none. */
        static Answer of(int status, String contentType, String body) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            return (socket, out, ended) -> {
                out.write(head(status, contentType, "Content-Length: " + bytes.length));
                out.write(bytes);
                out.flush();
            };
        }

        /** Headers promise {@code total} bytes, {@code sent} of them arrive, then the connection is reset. */
        static Answer resetAfter(int sent, int total) {
            return (socket, out, ended) -> {
                out.write(head(200, "application/json", "Content-Length: " + total));
                out.write(filler(sent));
                out.flush();
                socket.setSoLinger(true, 0); // close() now sends RST, not FIN
                socket.close();
            };
        }

        /** Reads the request, then says nothing until the client gives up or the peer heals. */
        static Answer hangBeforeHeaders() {
            return (socket, out, ended) -> {
                while (!ended.getAsBoolean() && !clientLeft(socket)) {
                    // waiting, PATIENCE at a time
                }
            };
        }

        /** A 200 with a large {@code Content-Length} whose body comes one byte every {@value #PATIENCE_MILLIS} ms. */
        static Answer drip() {
            return (socket, out, ended) -> {
                out.write(head(200, "text/plain", "Content-Length: 1000000"));
                out.flush();
                while (!ended.getAsBoolean() && !clientLeft(socket)) {
                    out.write('x');
                    out.flush();
                }
            };
        }

        /** A 200 JSON body of {@code bytes} bytes: {@code prefix}, then filler, then {@code suffix}, streamed. */
        static Answer huge(String prefix, long bytes, String suffix) {
            byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
            byte[] tail = suffix.getBytes(StandardCharsets.UTF_8);
            return (socket, out, ended) -> {
                out.write(head(200, "application/json", "Content-Length: " + bytes));
                out.write(head);
                byte[] chunk = filler(64 * 1024);
                for (long fill = bytes - head.length - tail.length; fill > 0 && !ended.getAsBoolean(); fill -= chunk.length) {
                    out.write(chunk, 0, (int) Math.min(chunk.length, fill));
                }
                out.write(tail);
                out.flush();
            };
        }

        /** A 200 with {@code Transfer-Encoding: chunked} whose chunks never end. */
        static Answer endlessChunked(String contentType) {
            return (socket, out, ended) -> {
                out.write(head(200, contentType, "Transfer-Encoding: chunked"));
                byte[] chunk = filler(16 * 1024);
                byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                while (!ended.getAsBoolean()) {
                    out.write(size);
                    out.write(chunk);
                    out.write(CRLF);
                }
            };
        }

        /** A {@code 302} to {@code location}: asked again, it redirects again. */
        static Answer redirect(String location) {
            return (socket, out, ended) -> {
                out.write(head(302, "text/plain", "Location: " + location, "Content-Length: 0"));
                out.flush();
            };
        }

        private static byte[] head(int status, String contentType, String... headers) {
            StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(" Fault\r\n");
            if (!contentType.isEmpty()) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            head.append("Connection: close\r\n\r\n");
            return head.toString().getBytes(StandardCharsets.US_ASCII);
        }

        private static byte[] filler(int bytes) {
            byte[] filler = new byte[bytes];
            Arrays.fill(filler, (byte) 'x');
            return filler;
        }
    }

    private final Map<String, Answer> healthy;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> mostSent = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    /** Counts {@link #heal()}s: an answer begun before the latest one has ended. */
    private final AtomicInteger heals = new AtomicInteger();
    private volatile ServerSocket listener;
    private final int port;

    private FaultyPeer(Map<String, Answer> healthy) {
        this.healthy = Map.copyOf(healthy);
        answers.putAll(healthy);
        listen(0);
        port = listener.getLocalPort();
    }

    /** A healthy jicofo: {@code /about/health} 200 {@code OK}, {@code /stats} with 12 participants in 3 conferences. */
    public static FaultyPeer jicofo() {
        return new FaultyPeer(Map.of(
                "/about/health", Answer.of(200, "text/plain; charset=UTF-8", "OK"),
                "/stats", Answer.of(200, "application/json", StubPeer.jicofoStats(12, 3))));
    }

    /** A healthy prosody: the BOSH page at {@code /http-bind}, two rooms at {@code /room-census}. */
    public static FaultyPeer prosody() {
        return new FaultyPeer(Map.of(
                "/http-bind", Answer.of(200, "text/html; charset=utf-8", StubPeer.BOSH_PAGE),
                "/room-census", Answer.of(200, "", StubPeer.CENSUS_TWO_ROOMS)));
    }

    public String origin() {
        return "http://127.0.0.1:" + port;
    }

    /** From the next request on, {@code path} is answered so. */
    public void answer(String path, Answer answer) {
        answers.put(path, answer);
        mostSent.remove(path);
    }

    /** Every path answers as a healthy peer again, listening if it had stopped; answers under way end. */
    public void heal() {
        answers.clear();
        answers.putAll(healthy);
        heals.incrementAndGet();
        resume();
    }

    /** Stops listening: connections are refused until {@link #resume()} or {@link #heal()}. */
    public synchronized void refuse() {
        try {
            listener.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void resume() {
        if (listener.isClosed() && closed.getCount() > 0) {
            listen(port);
        }
    }

    public int hits(String path) {
        return hits.computeIfAbsent(path, p -> new AtomicInteger()).get();
    }

    /** The most body bytes one answer to {@code path} wrote since it was last set. */
    public long mostBytesSent(String path) {
        return mostSent.computeIfAbsent(path, p -> new AtomicLong()).get();
    }

    private void listen(int onPort) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
            listener = socket;
            Thread.ofVirtual().name("faulty-peer-" + socket.getLocalPort()).start(() -> accept(socket));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException e) {
                return; // closed by refuse() or close()
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            String path = requestPath(client.getInputStream());
            if (path == null) {
                return;
            }
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Answer answer = answers.getOrDefault(path, Answer.of(404, "text/plain", "Not Found"));
            int healsBefore = heals.get();
            CountingStream counting = new CountingStream(client.getOutputStream());
            try {
                answer.send(client, counting, () -> closed.getCount() == 0 || heals.get() != healsBefore);
            } finally {
                mostSent.computeIfAbsent(path, p -> new AtomicLong()).accumulateAndGet(counting.count, Math::max);
            }
        } catch (IOException e) {
            // the sidecar hung up, which is what it should do with most of these answers
        }
    }

    /** Reads the request head; returns the path without its query, or null when none came. */
    private static String requestPath(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (head.size() < MAX_REQUEST_HEAD) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            last4 = (last4 << 8) | b;
            if (last4 == 0x0d0a0d0a) {
                break;
            }
        }
        String[] requestLine = head.toString(StandardCharsets.US_ASCII).split("\r\n", 2)[0].split(" ");
        if (requestLine.length < 2) {
            return null;
        }
        String target = requestLine[1];
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** Looks for end-of-stream on the request side for up to {@value #PATIENCE_MILLIS} ms. */
    static boolean clientLeft(Socket socket) throws IOException {
        socket.setSoTimeout(PATIENCE_MILLIS);
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Counts what an answer writes, response head included. */
    private static final class CountingStream extends OutputStream {
        private final OutputStream out;
        long count;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
