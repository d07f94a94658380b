package org.jitsi.signalsidecar.http.wire;

import java.io.ByteArrayOutputStream;

import io.helidon.http.DirectHandler;
import io.helidon.http.RequestException;

/**
 * A chunked request body as it passes to Helidon, with chunk extensions removed ({@code 5;e=1}
 * becomes {@code 5}; RFC 9112 section 7.1.1 lets a server ignore them, Helidon's parser fails on
 * them), and a chunk size that is not hexadecimal refused with 400 before Helidon's parser meets
 * it. Data and trailers pass unchanged. Only the connection's reading thread uses it.
 */
final class ChunkExtensions {
    /** More hexadecimal digits than a {@code long} holds. */
    private static final int MAX_SIZE_DIGITS = 15;

    private enum State { OFF, SIZE, EXTENSION, DATA, TRAILERS }

    private State state = State.OFF;
    private long size;
    private int digits;
    /** Bytes of chunk data (and its CRLF) still to pass. */
    private long remaining;
    /** In the trailers, the last byte was the LF ending a line. */
    private boolean lineStart;

    /** The request's headers said the body is chunked, or not. */
    void body(boolean chunked) {
        state = chunked ? State.SIZE : State.OFF;
        size = 0;
        digits = 0;
    }

    /** {@code data} as Helidon may read it. */
    byte[] pass(byte[] data) {
        if (state == State.OFF) {
            return data;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
        for (int i = 0; i < data.length; i++) {
            byte b = data[i];
            switch (state) {
                case OFF -> out.write(b);
                case SIZE -> size(b, out);
                case EXTENSION -> {
                    if (b == '\r' || b == '\n') {
                        size(b, out);
                    }
                }
                case DATA -> {
                    int n = (int) Math.min(remaining, data.length - i);
                    out.write(data, i, n);
                    i += n - 1;
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.SIZE;
                    }
                }
                case TRAILERS -> {
                    out.write(b);
                    if (b == '\n' && lineStart) {
                        state = State.OFF;
                    }
                    lineStart = b == '\n' || (lineStart && b == '\r');
                }
            }
        }
        return out.toByteArray();
    }

    private void size(byte b, ByteArrayOutputStream out) {
        if (b == '\n') {
            out.write(b);
            if (digits == 0) {
                throw badChunk();
            }
            if (size == 0) {
                state = State.TRAILERS;
                lineStart = true;
            } else {
                state = State.DATA;
                remaining = size + 2;
            }
            size = 0;
            digits = 0;
            return;
        }
        if (b == '\r') {
            out.write(b);
            return;
        }
        if (state == State.EXTENSION) {
            return;
        }
        if (b == ';' || b == ' ' || b == '\t') {
            state = State.EXTENSION;
            return;
        }
        int digit = Character.digit(b, 16);
        if (digit < 0 || ++digits > MAX_SIZE_DIGITS) {
            throw badChunk();
        }
        size = size * 16 + digit;
        out.write(b);
    }

    private static RequestException badChunk() {
        return RequestException.builder()
                .type(DirectHandler.EventType.BAD_REQUEST)
                .message("Invalid chunk size")
                // not kept alive: Helidon would otherwise read the rest of the body, which may never end
                .setKeepAlive(false)
                .build();
    }
}
