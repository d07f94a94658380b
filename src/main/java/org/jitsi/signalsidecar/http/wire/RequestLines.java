package org.jitsi.signalsidecar.http.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.helidon.common.buffers.Bytes;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.DirectHandler;
import io.helidon.http.RequestException;
import io.helidon.http.Status;

import static java.util.Objects.requireNonNull;

/**
 * The bytes of one HTTP connection as Helidon's HTTP/1.1 parser reads them, with two changes made to
 * request lines only:
 * <ul>
 *     <li>{@code HTTP/1.0} at the end of a request line reads as {@code HTTP/1.1} (Helidon's parser
 *     answers 505 to anything else), and {@link #http10()} says so until the next request line;</li>
 *     <li>a request line whose method is not an HTTP token (a tab, a NUL, a byte over 127) is refused
 *     with 400 before Helidon sees it (Helidon would answer 500 and log a warning each time);</li>
 *     <li>a header section longer than {@code maxHeadersSize} bytes is refused with 431 before
 *     Helidon sees the byte over it (Helidon would answer a bare 400);</li>
 *     <li>a chunked body loses its chunk extensions, and a chunk size that is not hexadecimal is
 *     refused with 400 ({@link ChunkExtensions}); Helidon would answer both with 500.</li>
 * </ul>
 *
 * <p>To see request lines whole, while the connection waits for a request line this source returns
 * data one line at a time: up to and including the first LF, reading more from the socket until there
 * is one (or until {@code maxLineLength} bytes, which Helidon then refuses as too long). Between
 * request lines (headers, bodies) it passes the socket's data through as it comes. Body bytes are
 * therefore never rewritten, whatever they hold.
 *
 * <p>It also knows what the connection waits for while it blocks on the socket, and so when that
 * wait is over its bound ({@link #overdue}): the first byte of the next request within the idle
 * timeout; the rest of a request (its line, headers and body) within the request timeout of its
 * first byte; a refused body's bytes, discarded after the answer, within the linger time.
 *
 * <p>Only the reading thread of the connection calls it, but for {@link #overdue}.
 */
final class RequestLines implements Supplier<byte[]> {
    private static final byte[] HTTP_1_0 = " HTTP/1.0\r\n".getBytes(StandardCharsets.US_ASCII);
    /** RFC 6585; Helidon has no constant for it. */
    static final Status HEADERS_TOO_LARGE = Status.create(431, "Request Header Fields Too Large");

    private final DataReader socket;
    private final BooleanSupplier awaitingRequestLine;
    private final int maxLineLength;
    private final int maxHeadersSize;
    private final ReadBounds bounds;
    private final HeaderSection headers = new HeaderSection();
    private final ChunkExtensions chunks = new ChunkExtensions();
    /** Bytes after a header section, read with it and held back until Helidon asks for the body. */
    private byte[] pending = NOTHING;
    private static final byte[] NOTHING = new byte[0];
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private boolean http10;
    /** Some bytes of a request arrived, and its answer has not been started. */
    private boolean inRequest;
    private long requestStart;
    /** When the blocking read under way is over its bound ({@link System#nanoTime()}); {@link #NOT_READING} when none is. */
    private volatile long deadline = NOT_READING;
    private static final long NOT_READING = Long.MAX_VALUE;

    /**
     * @param socket              the connection's own reader, as Helidon made it
     * @param awaitingRequestLine true while the connection reads the next request line
     * @param maxLineLength       the longest request line Helidon accepts
     * @param maxHeadersSize      the longest header section Helidon accepts
     * @param bounds              how long each kind of wait may take
     */
    RequestLines(DataReader socket, BooleanSupplier awaitingRequestLine, int maxLineLength, int maxHeadersSize,
                 ReadBounds bounds) {
        this.socket = requireNonNull(socket, "socket is null");
        this.awaitingRequestLine = requireNonNull(awaitingRequestLine, "awaitingRequestLine is null");
        this.maxLineLength = maxLineLength;
        this.maxHeadersSize = maxHeadersSize;
        this.bounds = requireNonNull(bounds, "bounds is null");
    }

    /** The wait under way, if any, has taken longer than its bound: the connection should be closed. */
    boolean overdue(long now) {
        long current = deadline;
        return current != NOT_READING && now - current > 0;
    }

    /** The answer to the current request is being written: what is read next belongs to the next request. */
    void answered() {
        inRequest = false;
    }

    /**
     * After the last answer, reads and discards what the client still sends (a body that was
     * refused unread), up to {@code maxBytes} or the linger time, or until the client closes. The
     * kernel would answer unread data at our close with a reset, which can destroy the answer
     * before the client reads it.
     */
    void discardRest(int maxBytes) {
        deadline = System.nanoTime() + bounds.linger().toNanos();
        try {
            for (int discarded = 0; discarded < maxBytes; ) {
                socket.ensureAvailable();
                int n = Math.min(socket.available(), maxBytes - discarded);
                socket.skip(n);
                discarded += n;
            }
        } catch (RuntimeException e) {
            // the client closed, or the linger time is over (the connection was closed under us)
        } finally {
            deadline = NOT_READING;
        }
    }

    /** Blocks until the socket has data, bounded by the deadline the wait gets. */
    private void pull(boolean more) {
        if (!more && socket.available() > 0) {
            return;
        }
        long now = System.nanoTime();
        if (!inRequest && awaitingRequestLine.getAsBoolean() && socket.available() == 0) {
            deadline = now + bounds.idle().toNanos();
        } else {
            startRequest(now);
            deadline = requestStart + bounds.request().toNanos();
        }
        try {
            if (more) {
                socket.pullData();
            } else {
                socket.ensureAvailable();
            }
        } finally {
            deadline = NOT_READING;
        }
        startRequest(System.nanoTime());
    }

    /** Bytes of a request have arrived: its time counts from {@code now}, unless it had begun already. */
    private void startRequest(long now) {
        if (!inRequest) {
            inRequest = true;
            requestStart = now;
        }
    }

    /**
     * Body bytes as Helidon may read them. After a bad chunk size the body is ended for Helidon (a
     * last chunk follows): having answered 400, it reads what is left of the body before closing,
     * and the client, waiting for that answer, sends nothing more.
     */
    private byte[] body(byte[] bytes) {
        try {
            return chunks.pass(bytes);
        } catch (RequestException e) {
            chunks.body(false);
            pending = LAST_CHUNK.clone();
            throw e;
        }
    }

    /** The headers of the current request say whether its body is chunked. */
    void chunkedBody(boolean chunked) {
        chunks.body(chunked);
    }

    /** The latest request line said {@code HTTP/1.0}. */
    boolean http10() {
        return http10;
    }

    /** The next bytes; throws {@link DataReader.InsufficientDataAvailableException} when the client closed. */
    @Override
    public byte[] get() {
        byte[] next;
        do {
            next = next();
        } while (next.length == 0); // all of it was a chunk extension: Helidon must not take that for the end
        return next;
    }

    private byte[] next() {
        if (pending.length > 0) {
            byte[] body = pending;
            pending = NOTHING;
            return body(body);
        }
        pull(false);
        if (!awaitingRequestLine.getAsBoolean()) {
            byte[] bytes = socket.readBytes(socket.available());
            if (!headers.open()) {
                return body(bytes);
            }
            int end = headers.scan(bytes, maxHeadersSize);
            if (end == HeaderSection.TOO_LONG) {
                throw RequestException.builder()
                        .type(DirectHandler.EventType.BAD_REQUEST)
                        .status(HEADERS_TOO_LARGE)
                        .message("Request header fields too large")
                        .build();
            }
            if (end >= 0 && end < bytes.length) {
                // the body waits until Helidon has read the headers, and so told whether it is chunked
                pending = Arrays.copyOfRange(bytes, end, bytes.length);
                return Arrays.copyOf(bytes, end);
            }
            return bytes;
        }
        int lf;
        while ((lf = socket.getBuffer(socket.available()).indexOf(Bytes.LF_BYTE)) < 0
                && socket.available() <= maxLineLength) {
            pull(true);
        }
        if (lf < 0) {
            return socket.readBytes(socket.available());
        }
        byte[] line = socket.readBytes(lf + 1);
        refuseBadMethod(line);
        headers.start();
        http10 = endsWith(line, HTTP_1_0);
        if (http10) {
            line[line.length - 3] = '1';
        }
        return line;
    }

    /**
     * The method must be a token (RFC 9110 section 5.6.2): visible ASCII other than delimiters. An
     * empty line or one without a space is left to Helidon, which refuses it with 400 too.
     */
    private static void refuseBadMethod(byte[] line) {
        for (byte b : line) {
            if (b == ' ') {
                return;
            }
            if (!isTokenChar(b) && b != '\r' && b != '\n') {
                throw RequestException.builder()
                        .type(DirectHandler.EventType.BAD_REQUEST)
                        .message("Invalid method in the request line")
                        .build();
            }
        }
    }

    private static boolean isTokenChar(byte b) {
        if (b <= 32 || b >= 127) {
            return false;
        }
        return "\"(),/:;<=>?@[\\]{}".indexOf(b) < 0;
    }

    private static boolean endsWith(byte[] line, byte[] suffix) {
        return line.length >= suffix.length
                && Arrays.equals(line, line.length - suffix.length, line.length, suffix, 0, suffix.length);
    }
}
