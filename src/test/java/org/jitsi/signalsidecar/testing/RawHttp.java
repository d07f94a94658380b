package org.jitsi.signalsidecar.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One TCP connection to an HTTP server, written and read byte for byte: for what an HTTP client
 * library would hide (HTTP/1.0, malformed request lines, half-sent requests, when the server closes).
 * Reads give up after 10 s.
 */
public final class RawHttp implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** An answer as it came: the status line, each header (names lower case, in order) and the body. */
    public record Response(String statusLine, Map<String, List<String>> headers, byte[] body) {
        public int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        public Optional<String> header(String name) {
            List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
            return values.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", values));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static RawHttp connect(int port) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            return new RawHttp(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects, sends {@code request} and reads one answer (with a body unless {@code head}). */
    public static Response exchange(int port, String request, boolean head) {
        try (RawHttp http = connect(port)) {
            http.send(request);
            return http.read(head);
        }
    }

    public RawHttp send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttp send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads one answer: the body is {@code Content-Length} bytes (none after a HEAD request); an
     * answer without a length is a failure here, except 204 and 304.
     */
    public Response read(boolean head) {
        try {
            String statusLine = line();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String line = line(); !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                headers.computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).strip());
            }
            Response response = new Response(statusLine, headers, new byte[0]);
            if (head || response.status() == 204 || response.status() == 304) {
                return response;
            }
            String length = response.header("Content-Length")
                    .orElseThrow(() -> new AssertionError("no Content-Length in " + statusLine + " " + headers));
            byte[] body = in.readNBytes(Integer.parseInt(length));
            return new Response(statusLine, headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new AssertionError("connection closed in the middle of an answer: " + line);
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        if (!text.endsWith("\r")) {
            throw new AssertionError("line not ended by CRLF: " + text);
        }
        return text.substring(0, text.length() - 1);
    }

    /**
     * Everything the server sends until it closes; fails if it has not closed within {@code limit}.
     */
    public byte[] restUntilClosed(Duration limit) {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        if (!closedWithin(limit, rest)) {
            throw new AssertionError("the server did not close within " + limit.toMillis() + " ms; it sent "
                    + rest.toString(StandardCharsets.ISO_8859_1));
        }
        return rest.toByteArray();
    }

    public boolean closedWithin(Duration limit) {
        return closedWithin(limit, new ByteArrayOutputStream());
    }

    /**
     * Waits up to {@code limit} for the server to close (end of stream, or a reset), keeping what
     * else it sends in {@code rest}; true if it closed in time. The wait is bounded by a socket
     * read timeout, not a sleep.
     */
    private boolean closedWithin(Duration limit, ByteArrayOutputStream rest) {
        try {
            socket.setSoTimeout((int) Math.max(1, limit.toMillis()));
            byte[] buffer = new byte[8192];
            long deadline = System.nanoTime() + limit.toNanos();
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    return true;
                }
                rest.write(buffer, 0, n);
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(left).toMillis()));
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
